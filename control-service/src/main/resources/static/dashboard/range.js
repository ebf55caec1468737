// The time range the dashboard shows: "fit" (the default) spans the data, from the first window in
// the last 24 hours to now; a fixed span ends now; a custom range has both ends. The choice lives in
// the URL's hash (#range=fit, #range=3600, #from=…&to=…), so a link opens the same view.

/** What "fit" looks back over to find the first window: the longest fixed range. */
export const FIT_LOOKBACK_SECONDS = 86400;

/** The shortest span "fit" shows, so a first window is not a bar as wide as the chart. */
const FIT_MIN_SPAN_MS = 5 * 60 * 1000;

const FIXED_SECONDS = new Set([900, 3600, 21600, 86400]);

/** The choice a URL hash names; "fit" when it names none or one that cannot be read. */
export function parseRangeHash(hash) {
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const from = new Date(params.get('from') ?? '');
  const to = new Date(params.get('to') ?? '');
  if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to) {
    return { kind: 'custom', from, to };
  }
  const seconds = Number(params.get('range'));
  if (FIXED_SECONDS.has(seconds)) {
    return { kind: 'fixed', seconds };
  }
  return { kind: 'fit' };
}

/** The URL hash of a choice: what parseRangeHash reads back. */
export function rangeHash(choice) {
  if (choice.kind === 'custom') {
    return `#from=${choice.from.toISOString()}&to=${choice.to.toISOString()}`;
  }
  return choice.kind === 'fixed' ? `#range=${choice.seconds}` : '#range=fit';
}

/** The value of the range button that stands for a choice. */
export function buttonValue(choice) {
  return choice.kind === 'fixed' ? String(choice.seconds) : choice.kind;
}

/**
 * The range "fit" shows, given the running total's points over the lookback ending at {@code to}:
 * from a little before the first window to {@code to}, at least FIT_MIN_SPAN_MS long; the whole
 * lookback while there are no windows.
 */
export function fitRange(points, to) {
  const starts = (points ?? []).map((p) => Date.parse(p.windowStart)).filter((t) => Number.isFinite(t));
  if (starts.length === 0) {
    return { from: new Date(to.getTime() - FIT_LOOKBACK_SECONDS * 1000), to };
  }
  const first = Math.min(...starts);
  const margin = Math.max(30 * 1000, (to.getTime() - first) * 0.05);
  const from = Math.min(first - margin, to.getTime() - FIT_MIN_SPAN_MS);
  return { from: new Date(from), to };
}
