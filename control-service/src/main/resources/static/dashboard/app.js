// The live dashboard: fetches every insight for the selected range every few seconds and updates
// the page in place.
import { insights, latestJob } from './api.js';
import { ageChart, bandsChart, genderChart, usersChart, GENDER_COLORS, GENDER_LABELS, GENDERS } from './charts.js';
import { ago, count, dateTime, percent, text, years } from './format.js';
import { buttonValue, FIT_LOOKBACK_SECONDS, fitRange, parseRangeHash, rangeHash } from './range.js';
import { showAnomaly, showForecast } from './forecast.js';

/** Matches demostream.insights.refresh-interval: ranges end on a multiple of it, so viewers share answers. */
const REFRESH_MS = 5000;

const $ = (id) => document.getElementById(id);

const state = {
  // fit (the data), fixed (seconds up to now) or custom; read from and written to the URL's hash.
  choice: parseRangeHash(window.location.hash),
  sort: { key: 'users', descending: true },
  ageRows: [],
  latestEmittedAt: null,
  timer: null,
  inFlight: false,
};

const charts = {
  users: usersChart($('users-chart'), showAnomaly),
  gender: genderChart($('gender-chart')),
  age: ageChart($('age-chart')),
  bands: bandsChart($('bands-chart')),
};

/** The range the insights are asked for; "fit" asks for its lookback and shows only the data's part. */
function currentRange() {
  const { choice } = state;
  if (choice.kind === 'custom') {
    return { from: choice.from, to: choice.to };
  }
  const seconds = choice.kind === 'fixed' ? choice.seconds : FIT_LOOKBACK_SECONDS;
  const to = new Date(Math.ceil(Date.now() / REFRESH_MS) * REFRESH_MS);
  return { from: new Date(to.getTime() - seconds * 1000), to };
}

async function refresh() {
  if (state.inFlight) {
    return;
  }
  state.inFlight = true;
  const range = currentRange();
  try {
    const [data, job] = await Promise.all([insights(range), latestJob()]);
    render(data, range);
    renderJob(job);
    showError(null);
  } catch (error) {
    showError(error?.message ? String(error.message) : 'The insights could not be loaded; retrying.');
  } finally {
    state.inFlight = false;
    document.body.dataset.loaded = 'true';
  }
}

function render({ summary, runningTotal, gender, age, ageBands }, range) {
  const empty = !(summary.totalUsers > 0);
  $('empty').hidden = !empty;
  $('content').classList.toggle('is-empty', empty);

  $('total-users').textContent = count(summary.totalUsers);
  const windows = summary.windows ?? 0;
  $('total-windows').textContent = `in ${count(windows)} window${windows === 1 ? '' : 's'}`;
  $('avg-age').textContent = years(summary.avgAge);
  $('avg-registered-age').textContent = years(summary.avgRegisteredAge);
  renderGenderRatio(gender);
  state.latestEmittedAt = summary.latestEmittedAt ?? null;
  renderFreshness();
  // Before the first window of "fit" there is nothing, so the totals of both ranges are the same.
  const shown = state.choice.kind === 'fit' ? fitRange(runningTotal.points, range.to) : range;
  $('range-label').textContent = state.choice.kind === 'fit'
    ? `${dateTime(shown.from.toISOString())} – ${dateTime(shown.to.toISOString())}`
    : `${dateTime(summary.from)} – ${dateTime(summary.to)}`;
  const canvas = $('users-chart');
  canvas.dataset.from = shown.from.toISOString();
  canvas.dataset.to = shown.to.toISOString();

  charts.users.update(runningTotal.points ?? [], shown);
  if (!empty) {
    showForecast(charts.users, shown);
  }
  charts.gender.update(gender);
  state.ageRows = age.rows ?? [];
  charts.age.update(state.ageRows);
  resizeAgeChart(charts.age.countries());
  charts.bands.update(ageBands.rows ?? []);
  renderTable();
}

function renderGenderRatio(gender) {
  const total = gender.total ?? 0;
  const bar = $('gender-bar');
  bar.replaceChildren(
    ...GENDERS.filter((g) => (gender[g] ?? 0) > 0).map((g) => {
      const part = document.createElement('span');
      part.style.flexGrow = String(gender[g]);
      part.style.background = GENDER_COLORS[g];
      return part;
    }));
  bar.classList.toggle('is-empty', total === 0);
  $('gender-legend').replaceChildren(
    ...GENDERS.map((g) => {
      const item = document.createElement('li');
      const swatch = document.createElement('i');
      swatch.style.background = GENDER_COLORS[g];
      const label = document.createElement('span');
      label.textContent = `${GENDER_LABELS[g]} ${percent(gender[g], total)}`;
      const users = document.createElement('small');
      users.textContent = count(gender[g]);
      item.append(swatch, label, users);
      return item;
    }));
}

function renderFreshness() {
  const freshness = $('freshness');
  if (state.latestEmittedAt) {
    freshness.textContent = `updated ${ago(state.latestEmittedAt)}`;
    freshness.title = `Latest pane emitted ${dateTime(state.latestEmittedAt)}`;
  } else {
    freshness.textContent = 'No data yet';
  }
}

const STATE_CLASSES = {
  RUNNING: 'pill-running',
  PENDING: 'pill-pending',
  DRAINING: 'pill-pending',
  CANCELLING: 'pill-pending',
  FAILED: 'pill-failed',
};

function renderJob(job) {
  const pill = $('job-state');
  let label;
  if (!job) {
    label = 'Pipeline: no job';
  } else if (job.state === 'HIDDEN') {
    label = 'Pipeline: state needs a token';
  } else if (job.state === 'UNKNOWN') {
    label = 'Pipeline: state unavailable';
  } else {
    label = `Pipeline: ${text(job.state).toLowerCase()}`;
    pill.title = `${text(job.name)} (${text(job.launcher)}), started ${dateTime(job.createdAt)}`;
  }
  pill.textContent = label;
  pill.className = `pill ${STATE_CLASSES[job?.state] ?? 'pill-unknown'}`;
}

function renderTable() {
  const { key, descending } = state.sort;
  const rows = [...state.ageRows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return descending ? -order : order;
  });
  const body = document.querySelector('#age-table tbody');
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 5;
    cell.className = 'none';
    cell.textContent = 'No users in this range.';
    row.append(cell);
    body.replaceChildren(row);
  } else {
    body.replaceChildren(
      ...rows.map((r) => {
        const row = document.createElement('tr');
        const gender = document.createElement('td');
        const swatch = document.createElement('i');
        swatch.className = 'swatch';
        swatch.style.background = GENDER_COLORS[r.gender] ?? '#999';
        gender.append(swatch, GENDER_LABELS[r.gender] ?? text(r.gender));
        row.append(cell(text(r.country)), gender, cell(count(r.users), true), cell(years(r.avgAge), true),
          cell(years(r.avgRegisteredAge), true));
        return row;
      }));
  }
  document.querySelectorAll('#age-table th').forEach((th) => {
    th.setAttribute('aria-sort', th.dataset.key === key ? (descending ? 'descending' : 'ascending') : 'none');
  });
}

function cell(value, numeric = false) {
  const td = document.createElement('td');
  td.textContent = value;
  if (numeric) td.className = 'num';
  return td;
}

function resizeAgeChart(countries) {
  // One row of bars per country, so that names stay legible however many there are.
  const height = Math.max(260, 70 + countries * 34);
  $('age-chart').parentElement.style.height = `${height}px`;
}

function showError(message) {
  const banner = $('error');
  banner.hidden = !message;
  banner.textContent = message ?? '';
}

function markActive(value) {
  document.querySelectorAll('.range-buttons button').forEach((b) => b.classList.toggle('active', b.dataset.range === value));
}

/** Shows a choice, remembers it in the URL (replacing the entry: ranges are not pages) and loads it. */
function choose(choice) {
  state.choice = choice;
  markActive(buttonValue(choice));
  if (window.location.hash !== rangeHash(choice)) {
    window.history.replaceState(null, '', rangeHash(choice));
  }
  const form = $('custom-range');
  form.hidden = choice.kind !== 'custom';
  if (choice.kind === 'custom') {
    $('custom-from').value = localInput(choice.from);
    $('custom-to').value = localInput(choice.to);
  }
  refresh();
}

function selectRange(button) {
  if (button.dataset.range === 'custom') {
    markActive('custom');
    const form = $('custom-range');
    form.hidden = false;
    const range = currentRange();
    $('custom-from').value = localInput(range.from);
    $('custom-to').value = localInput(range.to);
    return;
  }
  choose(button.dataset.range === 'fit' ? { kind: 'fit' } : { kind: 'fixed', seconds: Number(button.dataset.range) });
}

function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

function applyCustomRange(event) {
  event.preventDefault();
  const from = new Date($('custom-from').value);
  const to = new Date($('custom-to').value);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    showError('Enter both the start and the end of the range.');
    return;
  }
  if (from >= to) {
    showError('The start of the range must be before its end.');
    return;
  }
  choose({ kind: 'custom', from, to });
}

document.querySelectorAll('.range-buttons button').forEach((button) =>
  button.addEventListener('click', () => selectRange(button)));
$('custom-range').addEventListener('submit', applyCustomRange);
document.querySelectorAll('.toggle button').forEach((button) =>
  button.addEventListener('click', () => {
    document.querySelectorAll('.toggle button').forEach((b) => b.classList.toggle('active', b === button));
    charts.age.show(button.dataset.metric);
  }));
document.querySelectorAll('#age-table th').forEach((th) =>
  th.addEventListener('click', () => {
    const key = th.dataset.key;
    const numeric = key === 'users' || key.startsWith('avg');
    state.sort = { key, descending: state.sort.key === key ? !state.sort.descending : numeric };
    renderTable();
  }));
window.addEventListener('hashchange', () => choose(parseRangeHash(window.location.hash)));
$('empty-origin').textContent = window.location.origin;

choose(state.choice);
state.timer = setInterval(refresh, REFRESH_MS);
setInterval(renderFreshness, 1000);
