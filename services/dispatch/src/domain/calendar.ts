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

function toLocal(at: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
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
 * The instant when `workingDays` working days (fractions allowed) have passed after
 * `start`, counting only working hours. A request received after hours starts counting
 * at the next working morning.
 */
export function addWorkingDays(calendar: Calendar, timeZone: string, start: Date, workingDays: number): Date {
  const open = minutesOf(calendar.workStart);
  const close = minutesOf(calendar.workEnd);
  const dayLength = close - open;
  let remaining = Math.round(workingDays * dayLength);
  const local = toLocal(start, timeZone);
  let date = local.date;
  let minute = Math.min(Math.max(local.minutes, open), close);
  if (!isWorkingDay(calendar, date) || local.minutes >= close) {
    date = nextDate(date);
    minute = open;
  }
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

/** Signing (签收) is counted in clock hours: a department on duty acknowledges at any hour. */
export function addHours(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}
