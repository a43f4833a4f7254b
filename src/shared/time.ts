/** Times are stored as UTC ISO-8601; days are the shop's days, in its time zone. */

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offset of a time zone from UTC at an instant, in minutes east (Asia/Ho_Chi_Minh: 420).
 * The one place that asks Intl; callers that convert many instants cache around it.
 */
export function offsetMinutes(instant: Date | number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const parts = format.formatToParts(new Date(ms));
  const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The UTC instant at which a local calendar date begins in a time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d));
  const first = new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60000);
  // A second pass settles days on which the offset changes (daylight saving).
  return new Date(guess.getTime() - offsetMinutes(first, timeZone) * 60000);
}

/** [start, end) of the shop's day containing `instant`, as UTC ISO strings. */
export function localDayRange(instant: Date, timeZone: string): { from: string; to: string; date: string } {
  const date = localDate(instant, timeZone);
  const from = startOfLocalDay(date, timeZone);
  const next = new Date(from.getTime() + 36 * 3600 * 1000);
  const to = startOfLocalDay(localDate(next, timeZone), timeZone);
  return { from: from.toISOString(), to: to.toISOString(), date };
}

export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * The calendar a shop can have: every date the contract accepts lies in [MIN_SHOP_DATE,
 * MAX_SHOP_DATE]. Far enough for birthdays and long-lived shops, near enough that a date one day
 * past either end is still an ordinary four-digit-year date for Date and for SQLite.
 */
export const MIN_SHOP_DATE = '1900-01-01';
export const MAX_SHOP_DATE = '2199-12-31';
