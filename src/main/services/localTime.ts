/**
 * Turning stored UTC instants into the shop's calendar days, fast enough for a million sales.
 * Calling Intl per sale is far too slow, so we find the few spans of constant UTC offset that
 * cover a period (one span in Asia/Ho_Chi_Minh, two or three a year where daylight saving
 * applies) and then convert with plain arithmetic.
 */
import { offsetMinutes, startOfLocalDay } from '../../shared/time';

const DAY_MS = 86_400_000;
const SAMPLE_MS = 7 * DAY_MS;

/** An offset (minutes east of UTC) that holds for instants before `until` (ms, exclusive). */
export interface OffsetSpan {
  until: number;
  offsetMin: number;
}

export function offsetAt(ms: number, timeZone: string): number {
  return offsetMinutes(ms, timeZone);
}

/**
 * The offset spans covering [fromMs, toMs]. Sampled weekly (offset changes are months apart;
 * the closest pairs today, Morocco's around Ramadan, are about a month apart), each change
 * located to the minute by bisection. The last span is open-ended.
 */
export function offsetSpans(fromMs: number, toMs: number, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let t = fromMs - DAY_MS;
  let current = offsetAt(t, timeZone);
  const end = toMs + DAY_MS;
  while (t < end) {
    const next = Math.min(t + SAMPLE_MS, end);
    const off = offsetAt(next, timeZone);
    if (off !== current) {
      let lo = t;
      let hi = next; // offset(lo) = current, offset(hi) = off
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
        if (mid <= lo) break;
        if (offsetAt(mid, timeZone) === current) lo = mid;
        else hi = mid;
      }
      spans.push({ until: hi, offsetMin: current });
      current = off;
    }
    t = next;
  }
  spans.push({ until: Number.POSITIVE_INFINITY, offsetMin: current });
  return spans;
}

/** Days since 1970-01-01 of the shop's calendar date containing the instant. */
export function localDayNumber(ms: number, spans: OffsetSpan[]): number {
  let off = spans[spans.length - 1]!.offsetMin;
  for (const s of spans) {
    if (ms < s.until) {
      off = s.offsetMin;
      break;
    }
  }
  return Math.floor((ms + off * 60_000) / DAY_MS);
}

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date. */
export function dayNumberOfDate(date: string): number {
  return Math.floor(Date.parse(date + 'T00:00:00Z') / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOfDate(date) + days);
}

/** UTC ISO instant at which the shop's calendar date begins (for comparisons with sold_at). */
export function localDayStartIso(date: string, timeZone: string): string {
  return startOfLocalDay(date, timeZone).toISOString();
}
