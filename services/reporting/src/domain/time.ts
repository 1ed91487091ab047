/**
 * Calendar buckets in the region's time zone: a day is the region's day, not UTC's.
 * The zone's offset is looked up once per UTC hour, since formatting dates is the
 * costly part of bucketing a million cases.
 */
const offsets = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(timeZone: string, at: Date): number {
  // Stryker disable next-line ArithmeticOperator: only the cache's hit rate depends on the key's width, never the offset found
  const hourKey = `${timeZone}|${Math.floor(at.getTime() / 3_600_000)}`;
  let offset = offsets.get(hourKey);
  // Stryker disable next-line ConditionalExpression: recomputing a cached offset gives the same offset
  if (offset === undefined) {
    let formatter = formatters.get(timeZone);
    // Stryker disable next-line ConditionalExpression: a new formatter formats as the cached one does
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      formatters.set(timeZone, formatter);
    }
    const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, Number(p.value)]));
    const localAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
    offset = Math.round((localAsUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
    offsets.set(hourKey, offset);
  }
  return offset;
}

/** `YYYY-MM-DDTHH` of an instant in the zone. */
export function localHour(at: string | Date, timeZone: string): string {
  // Stryker disable next-line ConditionalExpression: new Date(date) copies a Date; skipping it only saves the copy
  const date = typeof at === 'string' ? new Date(at) : at;
  return new Date(date.getTime() + offsetMinutes(timeZone, date) * 60_000).toISOString().slice(0, 13);
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function localDay(at: string | Date, timeZone: string): string {
  return localHour(at, timeZone).slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function addHours(hour: string, n: number): string {
  return new Date(new Date(`${hour}:00:00Z`).getTime() + n * 3_600_000).toISOString().slice(0, 13);
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** ISO 8601 week of a day, e.g. `2026-W48` (weeks start on Monday). */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday + 3);
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first and last day of a month `YYYY-MM`. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}
