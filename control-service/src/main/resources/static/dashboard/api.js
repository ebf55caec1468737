// The public insights API and the jobs API: what the page shows can also be fetched with curl.

const INSIGHTS = 'api/v1/insights';

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  let response;
  try {
    response = await fetch(query ? `${path}?${query}` : path, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('The control-service cannot be reached; retrying.', 0);
  }
  if (!response.ok) {
    let detail = `${path} answered ${response.status}`;
    try {
      const problem = await response.json();
      if (problem && typeof problem.detail === 'string') {
        detail = problem.detail;
      }
    } catch {
      // Not a problem document: keep the status line.
    }
    throw new ApiError(detail, response.status);
  }
  return response.json();
}

/** Every insight for one range, fetched in parallel. */
export async function insights(range) {
  const params = { from: range.from.toISOString(), to: range.to.toISOString() };
  const [summary, runningTotal, gender, age, ageBands] = await Promise.all([
    getJson(`${INSIGHTS}/summary`, params),
    getJson(`${INSIGHTS}/running-total`, params),
    getJson(`${INSIGHTS}/gender`, params),
    getJson(`${INSIGHTS}/age`, { ...params, by: 'country,gender' }),
    getJson(`${INSIGHTS}/age-bands`, params),
  ]);
  return { summary, runningTotal, gender, age, ageBands };
}

/** The most recently created pipeline job, or null when there is none or it cannot be read. */
export async function latestJob() {
  try {
    const jobs = await getJson('api/v1/jobs');
    if (!Array.isArray(jobs) || jobs.length === 0) {
      return null;
    }
    return jobs.reduce((latest, job) =>
      Date.parse(job.createdAt ?? '') > Date.parse(latest.createdAt ?? '') ? job : latest);
  } catch (error) {
    return { state: error.status === 401 || error.status === 403 ? 'HIDDEN' : 'UNKNOWN' };
  }
}

/**
 * The users forecast ahead of range.to (GET /api/v1/insights/forecast) and the anomalies inside the
 * range (GET /api/v1/insights/anomalies). Too little history (409) is no error: { note } says how
 * much is needed.
 */
export async function forecastView(range, horizonSeconds) {
  try {
    const [forecast, anomalies] = await Promise.all([
      getJson(`${INSIGHTS}/forecast`, { metric: 'users', horizon: `${horizonSeconds}s` }),
      getJson(`${INSIGHTS}/anomalies`, {
        metric: 'users', from: range.from.toISOString(), to: range.to.toISOString(),
      }),
    ]);
    return { forecast, anomalies, note: null };
  } catch (error) {
    if (error.status === 409) {
      return { forecast: null, anomalies: null, note: error.message };
    }
    throw error;
  }
}
