// The alert strip: what is pending or firing now (GET /api/v1/alerts) and the last hour's
// transitions (GET /api/v1/alerts/history), refreshed every few seconds; and a form under the
// users chart that creates a threshold rule (POST /api/v1/alert-rules, with the API token).

const REFRESH_MS = 3000;

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function describe(alert) {
  const value = alert.value == null ? '' : ` = ${Number(alert.value.toFixed(4))}`;
  return `${alert.ruleName} ${alert.status} (${alert.severity}) ${alert.metric} ${alert.seriesKey}${value}`;
}

async function refreshStrip() {
  const list = document.getElementById('alert-list');
  try {
    const response = await fetch('api/v1/alerts', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const alerts = await response.json();
    list.replaceChildren(
      ...(alerts.length === 0
        ? [text('li', 'No alert pending or firing', 'alert-none')]
        : alerts.map((alert) => {
            const item = text('li', describe(alert), `alert-${alert.status}`);
            item.dataset.status = alert.status;
            item.dataset.rule = alert.ruleId;
            return item;
          })),
    );
  } catch (e) {
    // The insights keep working without alerts; the next refresh tries again.
  }
}

async function refreshHistory() {
  const to = new Date();
  const from = new Date(to.getTime() - 3600 * 1000);
  const url = `api/v1/alerts/history?from=${from.toISOString()}&to=${to.toISOString()}`;
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const transitions = await response.json();
    document.getElementById('alert-history').replaceChildren(
      ...transitions
        .slice(-50)
        .reverse()
        .map((t) => text('li', `${new Date(t.at).toLocaleTimeString()} ${t.ruleName} ${t.seriesKey}: ${t.from} → ${t.status}`)),
    );
  } catch (e) {
    // As above.
  }
}

async function createThresholdRule(event) {
  event.preventDefault();
  const threshold = Number(document.getElementById('threshold-value').value);
  const token = document.getElementById('threshold-token').value;
  const result = document.getElementById('threshold-result');
  const rule = {
    name: `users-below-${threshold}`,
    metric: 'users',
    condition: { type: 'below', threshold },
    severity: 'warning',
    notify: ['pubsub'],
  };
  const response = await fetch('api/v1/alert-rules', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(rule),
  });
  const body = await response.json().catch(() => ({}));
  result.textContent = response.ok
    ? `Rule ${body.name} created (${body.id})`
    : `Not created: ${body.detail || response.status}`;
}

document.getElementById('threshold-rule').addEventListener('submit', createThresholdRule);
refreshStrip();
refreshHistory();
setInterval(() => {
  refreshStrip();
  refreshHistory();
}, REFRESH_MS);
