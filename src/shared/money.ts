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

/**
 * Shorthands people type at a till: "45k" (45,000), "1.2tr" or "1,2 triệu" (1,200,000), "3萬"
 * (30,000). With one of these, a single . or , is the decimal mark ("1.5k" is 1,500), since nobody
 * groups thousands in front of a thousands word.
 */
const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  nghìn: 1e3,
  ngàn: 1e3,
  千: 1e3,
  萬: 1e4,
  万: 1e4,
  m: 1e6,
  tr: 1e6,
  triệu: 1e6,
  百萬: 1e6,
  億: 1e8,
  亿: 1e8,
  tỷ: 1e9,
  tỉ: 1e9,
};
const MULTIPLIED = new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*(${Object.keys(MULTIPLIERS).join('|')})$`, 'u');

function parseMultiplied(s: string, digits: number): MoneyParse | null {
  const m = MULTIPLIED.exec(s.normalize('NFC').toLowerCase());
  if (!m) return null;
  const [whole, frac = ''] = m[1]!.split(/[.,]/);
  // Integer arithmetic: (whole.frac × multiplier) in minor units must come out whole.
  const scaled = Number(whole! + frac) * MULTIPLIERS[m[2]!]! * 10 ** digits;
  const divisor = 10 ** frac.length;
  if (!Number.isSafeInteger(scaled)) return { ok: false, reason: 'too_large' };
  if (scaled % divisor !== 0) return { ok: false, reason: 'too_many_decimals' };
  return checked(scaled / divisor);
}

function checked(minor: number): MoneyParse {
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT_MINOR) return { ok: false, reason: 'too_large' };
  if (minor <= 0) return { ok: false, reason: 'not_positive' };
  return { ok: true, minor };
}

export function parseMoney(input: string, currency: string): MoneyParse {
  const s = input.trim().replace(/[\s\u00a0\u202f]+/g, ' ');
  if (s === '') return { ok: false, reason: 'empty' };
  if (/^-/.test(s)) return { ok: false, reason: 'not_positive' };
  const digits = minorDigits(currency);
  const multiplied = parseMultiplied(s, digits);
  if (multiplied) return multiplied;
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
  return checked(Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0'));
}

/**
 * What a shop's money looks like, in major units: the smallest note or coin people pay with,
 * and the ceilings of the plausibility check below (a new shop's, and the lowest a shop's own
 * history may bring it to). Figures are a generous "a big purchase in a small shop" of each
 * currency; a currency not listed gets one minor unit and its `DEFAULT_SCALE`.
 */
interface CurrencyScale {
  smallest: number;
  newShopCeiling: number;
  ceilingFloor: number;
}
const CURRENCY_SCALES: Record<string, CurrencyScale> = {
  VND: { smallest: 1_000, newShopCeiling: 50_000_000, ceilingFloor: 2_000_000 },
  TWD: { smallest: 1, newShopCeiling: 200_000, ceilingFloor: 5_000 },
  HKD: { smallest: 1, newShopCeiling: 50_000, ceilingFloor: 1_000 },
  CNY: { smallest: 0.1, newShopCeiling: 50_000, ceilingFloor: 1_000 },
  USD: { smallest: 0.01, newShopCeiling: 5_000, ceilingFloor: 200 },
  EUR: { smallest: 0.01, newShopCeiling: 5_000, ceilingFloor: 200 },
  JPY: { smallest: 1, newShopCeiling: 1_000_000, ceilingFloor: 20_000 },
  KRW: { smallest: 10, newShopCeiling: 10_000_000, ceilingFloor: 200_000 },
  SGD: { smallest: 0.05, newShopCeiling: 5_000, ceilingFloor: 200 },
  MYR: { smallest: 0.05, newShopCeiling: 20_000, ceilingFloor: 500 },
  THB: { smallest: 1, newShopCeiling: 200_000, ceilingFloor: 5_000 },
};
const DEFAULT_SCALE: Omit<CurrencyScale, 'smallest'> = { newShopCeiling: 100_000, ceilingFloor: 1_000 };

/** The shop's recent purchases as `sales.amountGuide` reports them (live sales of the last 90 days). */
export interface AmountGuide {
  /** How many recent purchases the figures come from. */
  count: number;
  /** Their 99th percentile (nearest rank), in minor units; null without any. */
  p99: number | null;
}

/** Below this many recent purchases the shop's history says too little, and the currency decides. */
export const GUIDE_MIN_HISTORY = 30;

export type AmountDoubt = { kind: 'below_smallest'; limit: number } | { kind: 'above_usual'; limit: number; fromHistory: boolean };

/**
 * Whether an amount is implausible enough to ask before recording it (never a refusal: the
 * cashier may confirm). The rule:
 *  - below the currency's smallest note or coin (45 in VND, where nothing costs less than 1.000 ₫);
 *  - above max(10 × the 99th percentile of the shop's recent purchases, the currency's ceiling
 *    floor) when the shop has at least GUIDE_MIN_HISTORY of them; the p99, not the largest, so a
 *    single mistaken huge sale does not switch the check off;
 *  - above the currency's new-shop ceiling (VND 50,000,000) while there is less history.
 */
export function amountDoubt(minor: number, currency: string, guide: AmountGuide | null): AmountDoubt | null {
  const unit = 10 ** minorDigits(currency);
  const scale = CURRENCY_SCALES[currency];
  const smallest = Math.max(1, Math.round((scale?.smallest ?? 0) * unit));
  if (minor < smallest) return { kind: 'below_smallest', limit: smallest };
  const { newShopCeiling, ceilingFloor } = scale ?? DEFAULT_SCALE;
  const fromHistory = guide !== null && guide.p99 !== null && guide.count >= GUIDE_MIN_HISTORY;
  const limit = fromHistory ? Math.max(10 * guide.p99!, ceilingFloor * unit) : newShopCeiling * unit;
  return minor > limit ? { kind: 'above_usual', limit, fromHistory } : null;
}
