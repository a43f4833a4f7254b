/**
 * Money is an integer count of the currency's minor unit (VND has none, USD has cents).
 * Formatting goes through Intl with the shop's locale; parsing accepts what people type
 * at a till: grouping separators, and a decimal part only where the currency has one.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

const digitsCache = new Map<string, number>();

export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

let knownCurrencies: Set<string> | null = null;

/** ISO 4217 codes the runtime knows (Intl accepts any three letters, so ask for the list). */
export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}

/** Plain number without the currency sign, for inputs. */
export function formatAmountPlain(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; reason: 'empty' | 'malformed' | 'too_many_decimals' | 'not_positive' | 'too_large' };

export function parseMoney(input: string, currency: string): MoneyParse {
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, ' ');
  if (s === '') return { ok: false, reason: 'empty' };
  if (/^-/.test(s)) return { ok: false, reason: 'not_positive' };
  const digits = minorDigits(currency);
  let whole: string;
  let frac = '';
  if (digits === 0) {
    // No minor unit: any of . , space may group thousands (120.000 and 120,000 are both 120000).
    if (/^\d+$/.test(s)) whole = s;
    else if (/^\d{1,3}([., ]\d{3})+$/.test(s)) whole = s.replace(/[., ]/g, '');
    else if (/^\d+([.,]\d+)$/.test(s)) return { ok: false, reason: 'too_many_decimals' };
    else return { ok: false, reason: 'malformed' };
  } else {
    let m = /^(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) {
      // Comma as the decimal mark (12,50), with dots or spaces grouping.
      m = /^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
    }
    if (!m) return { ok: false, reason: 'malformed' };
    whole = m[1]!.replace(/[., ]/g, '');
    frac = m[2] ?? '';
    if (frac.length > digits) return { ok: false, reason: 'too_many_decimals' };
  }
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT_MINOR) return { ok: false, reason: 'too_large' };
  if (minor <= 0) return { ok: false, reason: 'not_positive' };
  return { ok: true, minor };
}
