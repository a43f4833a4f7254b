/**
 * Birthdays and first-purchase anniversaries that fall in a window of the shop's days (issue 16).
 * Pure date arithmetic on YYYY-MM-DD strings: the window is a run of local calendar days, so a
 * window over New Year simply holds days of two years. Someone born on 29 February celebrates on
 * 28 February in other years, and so does a first purchase made on 29 February.
 */
import { addDays, localDayStartIso } from './localTime';

export const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const monthDay = (date: string): string => date.slice(5);
const yearOf = (date: string): number => Number(date.slice(0, 4));
const pad4 = (year: number): string => String(year).padStart(4, '0');

/** today + fromDay … today + fromDay + days − 1. */
export function windowDates(today: string, fromDay: number, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(today, fromDay + i));
}

/** Whether a birthday or first purchase on `md` is celebrated on the window day `day`. */
function celebratedOn(md: string, day: string): boolean {
  if (md === monthDay(day)) return true;
  return md === '02-29' && monthDay(day) === '02-28' && !isLeap(yearOf(day));
}

/** The month-days (MM-DD) whose birthdays fall in the window: what a birthday is compared with. */
export function birthdayMonthDays(dates: string[]): string[] {
  const out = new Set<string>();
  for (const d of dates) {
    out.add(monthDay(d));
    if (monthDay(d) === '02-28' && !isLeap(yearOf(d))) out.add('02-29');
  }
  return [...out].sort();
}

/** The window day on which this birthday (YYYY-MM-DD) is celebrated, or null. */
export function birthdayOn(birthday: string, dates: string[]): string | null {
  const md = monthDay(birthday);
  return dates.find((d) => celebratedOn(md, d)) ?? null;
}

/**
 * The local dates, in years from `firstYear` on, whose anniversary (1 year or more) falls in the
 * window, merged into runs of consecutive days [from, to] (both included).
 */
export function anniversaryRuns(dates: string[], firstYear: number): { from: string; to: string }[] {
  const all = new Set<string>();
  for (const d of dates) {
    const md = monthDay(d);
    for (let y = yearOf(d) - 1; y >= firstYear; y--) {
      if (md !== '02-29' || isLeap(y)) all.add(`${pad4(y)}-${md}`);
      if (md === '02-28' && !isLeap(yearOf(d)) && isLeap(y)) all.add(`${pad4(y)}-02-29`);
    }
  }
  const sorted = [...all].sort();
  const runs: { from: string; to: string }[] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  return runs;
}

/** anniversaryRuns as [from, to) UTC instants of the shop's days, to compare with first_at. */
export function anniversaryInstants(dates: string[], firstYear: number, timeZone: string): { from: string; to: string }[] {
  return anniversaryRuns(dates, firstYear).map((r) => ({
    from: localDayStartIso(r.from, timeZone),
    to: localDayStartIso(addDays(r.to, 1), timeZone),
  }));
}

/** The window day on which a first purchase made on `first` (local date) has its anniversary, and how many years. */
export function anniversaryOn(first: string, dates: string[]): { on: string; years: number } | null {
  const md = monthDay(first);
  for (const d of dates) {
    const years = yearOf(d) - yearOf(first);
    if (years >= 1 && celebratedOn(md, d)) return { on: d, years };
  }
  return null;
}
