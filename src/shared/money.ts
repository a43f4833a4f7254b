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

/**
 * How a currency is written where it is used. Intl writes TWD as a bare "$" in Traditional
 * Chinese (Taiwan's own dollar), which reads as US dollars beside HK$ and US$; Taiwanese shops
 * write NT$. TWD has cents on paper but prices are whole dollars, so they are shown only when there.
 */
const LOCAL_SYMBOL: Record<string, string> = { TWD: 'NT$', HKD: 'HK$' };
const WHOLE_IN_PRACTICE = new Set(['TWD']);

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, currency: string | null, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}|${digits}`;
  let f = formatters.get(key);
  if (!f) {
    const style = currency ? { style: 'currency' as const, currency } : {};
    f = new Intl.NumberFormat(locale, { ...style, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f;
}

/** The fraction digits an amount is written with: none for a round TWD amount. */
function shownDigits(minor: number, currency: string): number {
  const digits = minorDigits(currency);
  return WHOLE_IN_PRACTICE.has(currency) && minor % 10 ** digits === 0 ? 0 : digits;
}

/** An amount as people of `locale` write it in that currency: "125.000 ₫", "NT$1,280", "HK$38.50". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const f = numberFormat(locale, currency, shownDigits(minor, currency));
  const value = minor / 10 ** minorDigits(currency);
  const symbol = LOCAL_SYMBOL[currency];
  if (!symbol) return f.format(value);
  return f
    .formatToParts(value)
    .map((p) => (p.type === 'currency' ? symbol : p.value))
    .join('');
}

/** Plain number without the currency sign, for inputs. */
export function formatAmountPlain(minor: number, currency: string, locale: string): string {
  return numberFormat(locale, null, shownDigits(minor, currency)).format(minor / 10 ** minorDigits(currency));
}

export type MoneyParse =
  { ok: true; minor: number } | { ok: false; reason: 'empty' | 'malformed' | 'too_many_decimals' | 'not_positive' | 'too_large' };

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
