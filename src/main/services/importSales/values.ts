/**
 * Reading one cell: an amount in currency units, a date-time in the shop's time zone, a customer
 * key. Each returns a value or a problem code with an English sentence; the caller adds the line
 * and column.
 */
import { MAX_AMOUNT_MINOR } from '../../../shared/money';
import { offsetMinutes } from '../../../shared/time';
import type { DateFormat, ImportRowErrorCode } from '../../../shared/contract/imports';

export type Read<T> = { ok: true; value: T } | { ok: false; code: ImportRowErrorCode; message: string };

const fail = (code: ImportRowErrorCode, message: string): { ok: false; code: ImportRowErrorCode; message: string } => ({
  ok: false,
  code,
  message,
});

const DOT_DECIMAL = /^(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(\d+))?$/;
const COMMA_DECIMAL = /^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * Currency units with the chosen decimal mark → minor units. Currency signs and codes around the
 * number are ignored ("50.000đ", "$12.50"); grouping is accepted only in well-formed groups of
 * three. A VND amount like "120.000" with "." as the decimal mark is refused rather than read as
 * 120: a thousand-fold mistake must not slip through silently.
 */
export function readAmount(raw: string, digits: number, decimalMark: '.' | ','): Read<number> {
  let s = raw.trim().replace(/[\s\u00a0\u202f]/g, ' ');
  if (s === '') return fail('amount_missing', 'is empty');
  const quoted = `"${raw.trim()}"`;
  // Accounting exports write a minus as "-50000" or "(50000)".
  const negative = /^\(.*\)$/.test(s) || /^[^\d]*-/.test(s);
  // Only signs, currency symbols and codes are peeled off: "12abc" stays malformed.
  s = s.replace(/^(?:\p{Sc}|[A-Za-z]{3}\b|đ|\s|-|\()+/u, '').replace(/(?:\p{Sc}|\b[A-Za-z]{3}|đ|\s|\))+$/u, '');
  const m = (decimalMark === '.' ? DOT_DECIMAL : COMMA_DECIMAL).exec(s);
  if (!m) return fail('amount_invalid', `${quoted} is not an amount`);
  const whole = m[1]!.replace(/[., ]/g, '');
  let frac = m[2] ?? '';
  if (frac.length > digits) {
    if (digits === 0 && frac.length === 3) {
      return fail(
        'amount_too_many_decimals',
        `${quoted} has decimals but the currency has none (if "${decimalMark}" groups thousands, choose the other decimal mark)`,
      );
    }
    if (/[^0]/.test(frac.slice(digits)))
      return fail('amount_too_many_decimals', `${quoted} has more decimals than the currency has (${digits})`);
    frac = frac.slice(0, digits);
  }
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (negative || minor <= 0) return fail('amount_not_positive', `${quoted} must be more than zero`);
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT_MINOR) return fail('amount_too_large', `${quoted} is too large`);
  return { ok: true, value: minor };
}

// Year first with - / or . between the parts: Taiwanese tills write 2026/06/13.
const ISO = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offset: string | null;
}

function parts(s: string, format: DateFormat): Parts | null {
  if (format === 'iso') {
    const m = ISO.exec(s);
    if (!m) return null;
    const ms = m[8] ? Number(m[8].slice(0, 3).padEnd(3, '0')) : 0;
    return { y: +m[1]!, mo: +m[3]!, d: +m[4]!, h: +(m[5] ?? 0), mi: +(m[6] ?? 0), s: +(m[7] ?? 0), ms, offset: m[9] ?? null };
  }
  const m = DMY.exec(s);
  if (!m) return null;
  const [a, b] = [+m[1]!, +m[2]!];
  const [d, mo] = format === 'dmy' ? [a, b] : [b, a];
  return { y: +m[3]!, mo, d, h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms: 0, offset: null };
}

/** Minutes east of UTC written in the cell ("Z", "+07:00", "-0500"). */
function writtenOffset(o: string): number {
  if (o.toUpperCase() === 'Z') return 0;
  const sign = o.startsWith('-') ? -1 : 1;
  const digits = o.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * Converts local wall-clock times of one time zone to UTC. Offsets change a few times a year at
 * most, so they are cached per UTC hour: a million rows cost a few thousand Intl calls.
 */
export class ZonedClock {
  private readonly cache = new Map<number, number>();

  constructor(private readonly timeZone: string) {}

  /** Offset (ms) of the zone from UTC at a UTC instant. */
  private offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / 3_600_000);
    let off = this.cache.get(hour);
    if (off === undefined) {
      off = offsetMinutes(hour * 3_600_000, this.timeZone) * 60_000;
      this.cache.set(hour, off);
    }
    return off;
  }

  /** The UTC instant of a local wall-clock time (given as if it were UTC milliseconds). */
  toUtc(localAsUtcMs: number): number {
    const first = localAsUtcMs - this.offsetAt(localAsUtcMs);
    // Second pass settles times near a daylight-saving change.
    return localAsUtcMs - this.offsetAt(first);
  }
}

/** A date-time cell → UTC ISO-8601. No offset means the shop's local time; a date alone means local midnight. */
export function readDate(raw: string, format: DateFormat, clock: ZonedClock): Read<string> {
  const s = raw.trim();
  if (s === '') return fail('date_missing', 'is empty');
  const p = parts(s, format);
  const expected = format === 'iso' ? 'YYYY-MM-DD or YYYY-MM-DD HH:MM' : format === 'dmy' ? 'DD/MM/YYYY [HH:MM]' : 'MM/DD/YYYY [HH:MM]';
  if (!p) return fail('date_invalid', `"${s}" is not a date (expected ${expected})`);
  const local = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  const back = new Date(local);
  // Date.UTC rolls 31 April over to 1 May; a round trip catches impossible dates and times.
  if (
    p.y < 1900 ||
    back.getUTCFullYear() !== p.y ||
    back.getUTCMonth() !== p.mo - 1 ||
    back.getUTCDate() !== p.d ||
    back.getUTCHours() !== p.h ||
    back.getUTCMinutes() !== p.mi ||
    back.getUTCSeconds() !== p.s
  ) {
    return fail('date_invalid', `"${s}" is not a real date`);
  }
  const utc = p.offset !== null ? local - writtenOffset(p.offset) * 60_000 : clock.toUtc(local);
  return { ok: true, value: new Date(utc).toISOString() };
}

export type KeyKind = 'code' | 'phone' | 'email';

/** What a key in "auto" mode looks like: an email has @, a phone has 8+ digits and phone punctuation only. */
export function guessKeyKind(key: string): KeyKind {
  if (key.includes('@')) return 'email';
  if (/^\+?[\d\s().-]+$/.test(key) && key.replace(/\D/g, '').length >= 8) return 'phone';
  return 'code';
}
