/**
 * How the file writes dates and amounts. The file decides when it can (13/06/2026 can only be day
 * first; "1.234,50" has a comma decimal); when every cell could be read either way, the shop's
 * usual format decides: a POS export is written in the shop's country's conventions, whatever
 * language the owner reads the app in.
 */
import { Pacer } from '../context';
import type { DateFormat, DecimalMark, FormatSource, ImportRequest } from '../../../shared/contract/imports';
import type { ShopSettings } from '../../../shared/domain';

/** The country whose tills the shop's currency suggests; the shop's language otherwise. */
const LOCALE_OF_CURRENCY: Record<string, string> = {
  VND: 'vi-VN',
  TWD: 'zh-TW',
  HKD: 'zh-HK',
  MOP: 'zh-MO',
  SGD: 'en-SG',
  MYR: 'ms-MY',
  THB: 'th-TH',
  USD: 'en-US',
  EUR: 'de-DE',
  GBP: 'en-GB',
  AUD: 'en-AU',
};

function localeOf(settings: Pick<ShopSettings, 'currency' | 'locale'>): string {
  return LOCALE_OF_CURRENCY[settings.currency] ?? settings.locale;
}

/** The shop's usual date order and decimal mark, from Intl's data for its locale. */
export function shopFormats(settings: Pick<ShopSettings, 'currency' | 'locale'>): { dateFormat: DateFormat; decimalMark: DecimalMark } {
  const locale = localeOf(settings);
  const order = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.UTC(2026, 5, 13)))
    .flatMap((p) => (p.type === 'year' || p.type === 'month' || p.type === 'day' ? [p.type[0]] : []))
    .join('');
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
  return {
    dateFormat: order.startsWith('y') ? 'iso' : order === 'mdy' ? 'mdy' : 'dmy',
    decimalMark: decimal === ',' ? ',' : '.',
  };
}

const YEAR_FIRST = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:$|[T ])/;
const YEAR_LAST = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(?:$|[T ,])/;

/** What one date cell says about the order: null when it fits more than one (or none). */
export function dateHint(cell: string): DateFormat | null {
  if (YEAR_FIRST.test(cell)) return 'iso';
  const m = YEAR_LAST.exec(cell);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return null;
}

/**
 * What one amount cell says about the decimal mark. Both marks present: the last one is the
 * decimal. One mark followed by other than three digits ("125,5", "12.50"): it is the decimal.
 * Two or more of the same mark ("1.234.567"): they group thousands. A single mark followed by
 * exactly three digits ("125.000") is a decimal only for a currency with three minor digits, so for
 * a currency without minor units it groups thousands.
 */
function decimalHint(cell: string, minorDigits: number): DecimalMark | null {
  const s = cell.replace(/[^\d.,]/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (mark === null) return null;
  const other: DecimalMark = mark === '.' ? ',' : '.';
  if (s.indexOf(mark) !== s.lastIndexOf(mark)) return other;
  const after = s.length - s.lastIndexOf(mark) - 1;
  if (after !== 3) return mark;
  return minorDigits === 0 ? other : minorDigits === 3 ? mark : null;
}

/** The one answer the cells agree on, or null when none speaks or they contradict each other. */
async function agreed<T>(cells: Iterable<string>, hint: (cell: string) => T | null): Promise<T | null> {
  // Every cell is read (one that disagrees means the file does not tell), a slice at a time.
  const pace = new Pacer();
  let found: T | null = null;
  for (const cell of cells) {
    if (pace.due()) await pace.turn();
    const h = hint(cell.trim());
    if (h === null) continue;
    if (found !== null && h !== found) return null;
    found = h;
  }
  return found;
}

export interface ChosenFormat<T> {
  value: T;
  /** chosen: the person picked it; file: the file shows it; shop: the file could be read either way. */
  how: FormatSource;
}

export interface ReadFormats {
  dateFormat: ChosenFormat<DateFormat>;
  decimalMark: ChosenFormat<DecimalMark>;
}

/** The formats to read the file with: the person's choice, else what the file shows, else the shop's. */
export async function readFormats(
  options: ImportRequest['options'],
  settings: Pick<ShopSettings, 'currency' | 'locale'>,
  minorDigits: number,
  dates: () => Iterable<string>,
  amounts: () => Iterable<string>,
): Promise<ReadFormats> {
  const shop = shopFormats(settings);
  const pick = async <T>(option: T | 'auto', detect: () => Promise<T | null>, fallback: T): Promise<ChosenFormat<T>> => {
    if (option !== 'auto') return { value: option, how: 'chosen' };
    const found = await detect();
    return found !== null ? { value: found, how: 'file' } : { value: fallback, how: 'shop' };
  };
  return {
    dateFormat: await pick(options.dateFormat, () => agreed(dates(), dateHint), shop.dateFormat),
    decimalMark: await pick(options.decimalMark, () => agreed(amounts(), (c) => decimalHint(c, minorDigits)), shop.decimalMark),
  };
}
