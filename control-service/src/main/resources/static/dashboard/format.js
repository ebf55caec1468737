// Formatting that never shows undefined or NaN: anything that is not a finite number is a dash.

export const DASH = '—';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

export function count(value) {
  return isNumber(value) ? integer.format(value) : DASH;
}

export function years(value) {
  return isNumber(value) ? oneDecimal.format(value) : DASH;
}

export function percent(part, whole) {
  if (!isNumber(part) || !isNumber(whole) || whole <= 0) {
    return DASH;
  }
  return `${Math.round((100 * part) / whole)}%`;
}

/** "4 s ago", "3 min ago", "2 h ago", "5 d ago"; a dash for a missing or unreadable time. */
export function ago(instant, now = Date.now()) {
  const time = Date.parse(instant ?? '');
  if (!Number.isFinite(time)) {
    return DASH;
  }
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** A tick label for a time axis: HH:MM, with the day when the range spans more than a day. */
export function timeTick(millis, withDay) {
  if (!isNumber(millis)) {
    return '';
  }
  const options = withDay
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return new Date(millis).toLocaleString(undefined, options);
}

export function dateTime(instant) {
  const time = Date.parse(instant ?? '');
  return Number.isFinite(time)
    ? new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : DASH;
}

/** Text of a value, or a dash when there is none. */
export function text(value) {
  return value === undefined || value === null || value === '' ? DASH : String(value);
}
