/** Calendar-day arithmetic on `YYYY-MM-DD` strings, and the local day of an instant in a time zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone this runtime knows (Slack sends tz names such as "America/Los_Angeles"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day an instant falls on in a time zone (UTC when the zone is unknown or absent). */
export function localDay(instant: Date | string, timeZone?: string | null): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const zone = timeZone && isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  return formatter(zone).format(d);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && addDays(s, 0) === s;
