// The dashboard's charts, built once and updated in place on every refresh.
import { count, isNumber, timeTick, years } from './format.js';

const Chart = globalThis.Chart;

/** One colour per gender, the same in every chart and table. */
export const GENDER_COLORS = { male: '#2f6fdf', female: '#d9468f', other: '#8b6cc9' };
export const GENDER_LABELS = { male: 'Male', female: 'Female', other: 'Other' };
export const GENDERS = ['male', 'female', 'other'];

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const GRID = '#e6e9ee';
const ACCENT = '#0f766e';
export const ANOMALY = '#b42318';
const FORECAST_LOWER = 'Forecast lower';
/** The users chart's datasets: the forecast line (its interval's edges just before it) and anomalies. */
const FORECAST = 4;
const ANOMALIES = 5;

Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.font.size = 13;
Chart.defaults.color = MUTED;
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 12;
Chart.defaults.plugins.legend.labels.color = INK;

const MINUTE = 60 * 1000;
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);

/** A round tick interval giving at most about eight ticks over the span. */
function tickStep(spanMillis) {
  return TICK_STEPS.find((step) => spanMillis / step <= 8) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

function axisTitle(textValue) {
  return { display: true, text: textValue, color: MUTED, font: { weight: '600' } };
}

/**
 * Users over time: the running total, users per window, and (once {@link forecast} gave them) the
 * forecast with its interval ahead of the data and the windows judged anomalous; a click on an
 * anomaly calls {@code onAnomaly} with its row.
 */
export function usersChart(canvas, onAnomaly = () => {}) {
  let withDay = false;
  let range = null;
  let ahead = null;
  const chart = new Chart(canvas, {
    data: {
      datasets: [
        {
          type: 'line',
          label: 'Running total',
          data: [],
          borderColor: ACCENT,
          backgroundColor: 'rgba(15, 118, 110, 0.10)',
          fill: true,
          pointRadius: 0,
          borderWidth: 2,
          tension: 0.15,
          yAxisID: 'total',
        },
        {
          type: 'bar',
          label: 'Users per window',
          data: [],
          backgroundColor: 'rgba(47, 111, 223, 0.45)',
          yAxisID: 'window',
          barPercentage: 1,
          categoryPercentage: 0.9,
        },
        // The forecast's interval: its lower edge (no legend), then the upper one filled down to it.
        {
          type: 'line',
          label: FORECAST_LOWER,
          data: [],
          borderColor: 'rgba(154, 103, 0, 0.35)',
          borderWidth: 1,
          pointRadius: 0,
          yAxisID: 'window',
        },
        {
          type: 'line',
          label: 'Forecast interval',
          data: [],
          borderColor: 'rgba(154, 103, 0, 0.35)',
          backgroundColor: 'rgba(245, 176, 65, 0.25)',
          borderWidth: 1,
          pointRadius: 0,
          fill: '-1',
          yAxisID: 'window',
        },
        {
          type: 'line',
          label: 'Forecast',
          data: [],
          borderColor: '#9a6700',
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
          yAxisID: 'window',
        },
        {
          type: 'scatter',
          label: 'Anomaly',
          data: [],
          backgroundColor: ANOMALY,
          borderColor: '#ffffff',
          pointStyle: 'triangle',
          pointRadius: 8,
          pointHoverRadius: 10,
          yAxisID: 'window',
        },
      ],
    },
    options: {
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      onClick: (event, elements) => {
        const hit = chart.getElementsAtEventForMode(event, 'point', { intersect: true }, false)
          .find((element) => element.datasetIndex === ANOMALIES);
        if (hit) {
          onAnomaly(chart.data.datasets[ANOMALIES].data[hit.index].row);
        }
      },
      scales: {
        x: {
          type: 'linear',
          title: axisTitle('Window start (local time)'),
          ticks: { callback: (value) => timeTick(value, withDay), maxTicksLimit: 10, maxRotation: 0 },
          grid: { color: GRID },
        },
        total: {
          position: 'left',
          beginAtZero: true,
          title: axisTitle('Users, running total'),
          ticks: { callback: (value) => count(value), precision: 0 },
          grid: { color: GRID },
        },
        window: {
          position: 'right',
          beginAtZero: true,
          title: axisTitle('Users per window'),
          ticks: { callback: (value) => count(value), precision: 0 },
          grid: { display: false },
        },
      },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== FORECAST_LOWER } },
        tooltip: {
          filter: (item) => item.dataset.label !== FORECAST_LOWER,
          callbacks: {
            title: (items) => (items.length ? timeTick(items[0].parsed.x, true) : ''),
            label: (item) => (item.datasetIndex === ANOMALIES
              ? `Anomaly: ${count(item.parsed.y)} users (click for details)`
              : `${item.dataset.label}: ${count(item.parsed.y)} users`),
          },
        },
      },
    },
  });

  function axis() {
    const to = ahead ? Math.max(range.to.getTime(), ahead) : range.to.getTime();
    chart.options.scales.x.min = range.from.getTime();
    chart.options.scales.x.max = to;
    chart.options.scales.x.ticks.stepSize = tickStep(to - range.from.getTime());
  }

  return {
    update(points, newRange) {
      range = newRange;
      withDay = range.to - range.from > 24 * 3600 * 1000;
      const valid = points.filter((p) => isNumber(Date.parse(p.windowStart)));
      chart.data.datasets[0].data = valid.map((p) => ({ x: Date.parse(p.windowStart), y: p.cumulativeUsers ?? 0 }));
      chart.data.datasets[1].data = valid.map((p) => ({ x: Date.parse(p.windowStart), y: p.users ?? 0 }));
      axis();
      chart.update('none');
    },
    /** The forecast's points and the anomalous rows; nulls clear them. */
    forecast(points, anomalies) {
      const at = (p) => Date.parse(p.windowStart);
      const valid = (points ?? []).filter((p) => isNumber(at(p)));
      chart.data.datasets[FORECAST].data = valid.map((p) => ({ x: at(p), y: p.value }));
      chart.data.datasets[FORECAST - 1].data = valid.map((p) => ({ x: at(p), y: p.upper }));
      chart.data.datasets[FORECAST - 2].data = valid.map((p) => ({ x: at(p), y: p.lower }));
      chart.data.datasets[ANOMALIES].data = (anomalies ?? [])
        .filter((row) => isNumber(at(row)))
        .map((row) => ({ x: at(row), y: row.value, row }));
      ahead = valid.length ? at(valid[valid.length - 1]) : null;
      if (range) {
        axis();
      }
      chart.update('none');
    },
  };
}


export function genderChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: GENDERS.map((g) => GENDER_LABELS[g]),
      datasets: [{ label: 'Users', data: [0, 0, 0], backgroundColor: GENDERS.map((g) => GENDER_COLORS[g]) }],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: {
          beginAtZero: true,
          title: axisTitle('Users'),
          ticks: { callback: (value) => count(value), precision: 0 },
          grid: { color: GRID },
        },
        y: { title: axisTitle('Gender'), grid: { display: false }, ticks: { color: INK } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${count(item.parsed.x)} users` } },
      },
    },
  });
  return {
    update(gender) {
      chart.data.datasets[0].data = GENDERS.map((g) => gender[g] ?? 0);
      chart.update('none');
    },
  };
}

/** Average age or registration age per country (most users first), one bar per gender. */
export function ageChart(canvas) {
  let metric = 'avgAge';
  let rows = [];
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: GENDERS.map((g) => ({
        label: GENDER_LABELS[g],
        data: [],
        backgroundColor: GENDER_COLORS[g],
        barPercentage: 0.9,
        categoryPercentage: 0.8,
      })),
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: {
          beginAtZero: true,
          title: axisTitle('Average age (years)'),
          ticks: { callback: (value) => years(value) },
          grid: { color: GRID },
        },
        y: { grid: { display: false }, ticks: { color: INK, autoSkip: false } },
      },
      plugins: {
        legend: { position: 'top', align: 'end' },
        tooltip: {
          callbacks: {
            label: (item) => {
              const row = item.raw?.row;
              return row
                ? `${item.dataset.label}: ${years(item.parsed.x)} years (${count(row.users)} users)`
                : `${item.dataset.label}: ${years(item.parsed.x)} years`;
            },
          },
        },
      },
    },
  });

  function render() {
    const usersByCountry = new Map();
    for (const row of rows) {
      usersByCountry.set(row.country, (usersByCountry.get(row.country) ?? 0) + (row.users ?? 0));
    }
    const countries = [...usersByCountry.keys()].sort(
      (a, b) => usersByCountry.get(b) - usersByCountry.get(a) || String(a).localeCompare(String(b)));
    chart.data.labels = countries;
    chart.data.datasets.forEach((dataset, i) => {
      const gender = GENDERS[i];
      dataset.data = countries.map((country) => {
        const row = rows.find((r) => r.country === country && r.gender === gender);
        return row && isNumber(row[metric]) ? { x: row[metric], y: country, row } : { x: null, y: country };
      });
    });
    chart.options.scales.x.title.text =
      metric === 'avgAge' ? 'Average age (years)' : 'Average registration age (years)';
    chart.update('none');
  }

  return {
    update(newRows) {
      rows = newRows;
      render();
    },
    show(newMetric) {
      metric = newMetric;
      render();
    },
    countries() {
      return chart.data.labels.length;
    },
  };
}

export function bandsChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'Users', data: [], backgroundColor: ACCENT, borderRadius: 3 }] },
    options: {
      scales: {
        x: { title: axisTitle('Age band (years)'), grid: { display: false }, ticks: { color: INK } },
        y: {
          beginAtZero: true,
          title: axisTitle('Users'),
          ticks: { callback: (value) => count(value), precision: 0 },
          grid: { color: GRID },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${count(item.parsed.y)} users` } },
      },
    },
  });
  return {
    update(rows) {
      chart.data.labels = rows.map((r) => r.ageBand ?? '');
      chart.data.datasets[0].data = rows.map((r) => r.users ?? 0);
      chart.update('none');
    },
  };
}
