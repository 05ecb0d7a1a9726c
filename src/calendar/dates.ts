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

const clockFormatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday (0 = Sunday), hour and minute of an instant on the wall clock of a time zone (UTC when unknown). */
export function localClock(instant: Date, timeZone?: string | null): { weekday: number; hour: number; minute: number } {
  const zone = timeZone && isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  let f = clockFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return { weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0, hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** Working hours as DESIGN.md defines them: weekdays 09:00 to 17:00 on the person's own clock. */
export function isWorkingTime(instant: Date, timeZone?: string | null): boolean {
  const { weekday, hour } = localClock(instant, timeZone);
  return weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 17;
}

const SLOT_MS = 15 * 60_000;

/**
 * Working hours that passed between two instants on a person's clock. Every time zone's offset is
 * a multiple of 15 minutes, so 09:00 and 17:00 local always fall on a 15-minute UTC boundary and
 * walking 15-minute slots is exact, DST changes included. Stops counting once `enough` hours are
 * reached, so a request open for months costs no more than one open for a week.
 */
export function workingHoursBetween(
  from: Date,
  to: Date,
  timeZone?: string | null,
  enough = Number.POSITIVE_INFINITY,
): number {
  let ms = 0;
  let start = from.getTime();
  const end = to.getTime();
  while (start < end && ms < enough * 3_600_000) {
    const slotEnd = Math.min(end, (Math.floor(start / SLOT_MS) + 1) * SLOT_MS);
    if (isWorkingTime(new Date(start), timeZone)) ms += slotEnd - start;
    start = slotEnd;
  }
  return ms / 3_600_000;
}

/** The next meeting to show: only one still to come (today counts), never one already past. */
export const upcomingMeeting = (next: string | null | undefined, today: string): string | undefined =>
  next && next >= today ? next : undefined;
