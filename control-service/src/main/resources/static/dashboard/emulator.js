// On the local stack only: a pill in the status strip once control-service estimates that the Pub/Sub
// emulator is about to run out of memory (GET api/v1/local/emulator, 204 elsewhere: then nothing).

const PERIOD_MS = 10000;
const pill = document.getElementById('emulator-memory');

async function check() {
  let estimate = null;
  try {
    const response = await fetch('api/v1/local/emulator', { headers: { Accept: 'application/json' } });
    estimate = response.status === 200 ? await response.json() : null;
  } catch {
    estimate = null;
  }
  pill.hidden = !estimate?.warning;
  if (estimate?.warning) {
    pill.textContent = `Pub/Sub emulator ${Math.round((estimate.share ?? 0) * 100)} % full`;
    pill.title = String(estimate.message ?? '');
  }
}

check();
setInterval(check, PERIOD_MS);
