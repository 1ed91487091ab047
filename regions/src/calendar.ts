import type { Calendar } from '@govflow/contracts';

/**
 * Working time on a region's calendar, in its time zone: weekends off, statutory
 * holidays off, make-up working days (调休) on, and only between workStart and workEnd.
 */

interface LocalDateTime {
  date: string; // YYYY-MM-DD
  minutes: number; // minutes since local midnight
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: building one costs far more than using it. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function toLocal(at: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
    weekday: weekdays.indexOf(parts.weekday!),
  };
}

/** The UTC instant of a local date and minute-of-day in the time zone. */
function fromLocal(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d, 0, 0) + minutes * 60_000);
  const local = toLocal(guess, timeZone);
  const localAsUtc = Date.UTC(...(local.date.split('-').map(Number) as [number, number, number]).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number, number]) + local.minutes * 60_000;
  const offset = localAsUtc - guess.getTime();
  return new Date(guess.getTime() - offset);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWorkingDay(calendar: Calendar, date: string): boolean {
  if (calendar.makeUpWorkdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The instant when `minutes` working minutes have passed after `start`, counting only
 * working hours. A clock started after hours starts counting at the next working morning.
 */
export function addWorkingMinutes(calendar: Calendar, timeZone: string, start: Date, minutes: number): Date {
  const open = minutesOf(calendar.workStart);
  const close = minutesOf(calendar.workEnd);
  let remaining = Math.round(minutes);
  let { date, minute } = clampToWorkingTime(calendar, toLocal(start, timeZone), open, close);
  for (let guard = 0; guard < 3660; guard++) {
    if (!isWorkingDay(calendar, date)) {
      date = nextDate(date);
      minute = open;
      continue;
    }
    const available = close - minute;
    if (remaining <= available) return fromLocal(date, minute + remaining, timeZone);
    remaining -= available;
    date = nextDate(date);
    minute = open;
  }
  throw new Error('deadline beyond ten years: check the calendar');
}

/** The instant when `workingDays` working days (fractions allowed) have passed after `start`. */
export function addWorkingDays(calendar: Calendar, timeZone: string, start: Date, workingDays: number): Date {
  return addWorkingMinutes(calendar, timeZone, start, workingDays * workingDayMinutes(calendar));
}

export function workingDayMinutes(calendar: Calendar): number {
  return minutesOf(calendar.workEnd) - minutesOf(calendar.workStart);
}

/**
 * Working minutes between two instants (0 when `end` is not after `start`): what a
 * department had, in the region's office hours, weekends, holidays and 调休 applied.
 */
export function workingMinutesBetween(calendar: Calendar, timeZone: string, start: Date, end: Date): number {
  if (end <= start) return 0;
  const open = minutesOf(calendar.workStart);
  const close = minutesOf(calendar.workEnd);
  const from = clampToWorkingTime(calendar, toLocal(start, timeZone), open, close);
  const to = toLocal(end, timeZone);
  let total = 0;
  let { date, minute } = from;
  for (let guard = 0; guard < 3660 && date <= to.date; guard++) {
    if (isWorkingDay(calendar, date)) {
      const until = date === to.date ? Math.min(Math.max(to.minutes, open), close) : close;
      total += Math.max(0, until - minute);
    }
    date = nextDate(date);
    minute = open;
  }
  return total;
}

/** The first working instant at or after a local time: the same minute inside office hours, else the next opening. */
function clampToWorkingTime(calendar: Calendar, local: LocalDateTime, open: number, close: number): { date: string; minute: number } {
  if (!isWorkingDay(calendar, local.date) || local.minutes >= close) return { date: nextDate(local.date), minute: open };
  return { date: local.date, minute: Math.max(local.minutes, open) };
}

/** Signing (签收) is counted in clock hours: a department on duty acknowledges at any hour. */
export function addHours(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}
