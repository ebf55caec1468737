// The users chart's forecast band and anomaly markers (GET /api/v1/insights/forecast and
// /anomalies), a line saying which engine answered, and the details of a clicked anomaly.
import { forecastView } from './api.js';
import { count, dateTime } from './format.js';

const $ = (id) => document.getElementById(id);

/** The forecast reaches a fifth of the shown span ahead, at least 5 minutes, at most 7 days. */
export function horizonSeconds(range) {
  const fifth = (range.to.getTime() - range.from.getTime()) / 5 / 1000;
  return Math.round(Math.min(7 * 86400, Math.max(300, fifth)));
}

let inFlight = false;

/** Fetches the forecast for the shown range and draws it on the users chart. */
export async function showForecast(chart, range) {
  if (inFlight) {
    return;
  }
  inFlight = true;
  const note = $('forecast-note');
  try {
    const view = await forecastView(range, horizonSeconds(range));
    if (view.note) {
      chart.forecast(null, null);
      note.textContent = `Forecast: ${view.note}`;
      renderAnomalies([]);
      return;
    }
    const anomalous = (view.anomalies.rows ?? []).filter((row) => row.anomaly);
    chart.forecast(view.forecast.points, anomalous);
    const trained = view.forecast.trainedAt ? `, trained ${dateTime(view.forecast.trainedAt)}` : '';
    note.textContent = `Forecast: ${view.forecast.engine}${trained}; `
      + `${anomalous.length} anomalous window${anomalous.length === 1 ? '' : 's'} shown`;
    renderAnomalies(anomalous);
  } catch (error) {
    // The insights above stay; the next refresh tries again.
    note.textContent = `Forecast unavailable: ${error?.message ?? 'unknown error'}`;
  } finally {
    inFlight = false;
  }
}

function renderAnomalies(rows) {
  const list = $('anomaly-list');
  const key = rows.map((row) => `${row.windowStart}=${row.value}`).join();
  if (list.dataset.key === key) {
    return;
  }
  list.dataset.key = key;
  list.replaceChildren(
    ...rows.map((row) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${dateTime(row.windowStart)}: ${count(row.value)} users`;
      button.addEventListener('click', () => showAnomaly(row));
      item.append(button);
      return item;
    }));
  const detail = $('anomaly-detail');
  if (!rows.some((row) => row.windowStart === detail.dataset.window)) {
    detail.hidden = true;
  }
}

/** The details of one anomalous window: its value, the interval it fell out of, the probability. */
export function showAnomaly(row) {
  const detail = $('anomaly-detail');
  detail.dataset.window = row.windowStart;
  detail.textContent = `Window ${dateTime(row.windowStart)}: ${count(row.value)} users; `
    + `expected ${count(row.lower)} to ${count(row.upper)}; `
    + `anomaly probability ${(100 * row.probability).toFixed(2)} %`;
  detail.hidden = false;
}
