/**
 * Dates, numbers and money as people of the UI's language write them, in the shop's currency and
 * time zone. The language is the person's (the UI language), not the shop's: a Taiwanese owner
 * reading a Vietnamese shop's reports in Traditional Chinese reads 2026年11月30日 and 140萬.
 */
import { formatMoney } from '../../../shared/money';

export interface Formats {
  currency: string;
  /** The Intl locale of the UI language. */
  locale: string;
  money(minor: number): string;
  dateTime(iso: string | null): string;
  date(iso: string | null): string;
  /** A calendar date (YYYY-MM-DD) without shifting it through a time zone. */
  day(ymd: string | null): string;
  time(iso: string): string;
  number(n: number): string;
  /** Short numbers for chart axes: 1.4M, 1,4 Tr, 140萬. */
  compact(n: number): string;
}

export function makeFormats(language: string, currency: string, timeZone: string): Formats {
  const locale = language;
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return {
    currency,
    locale,
    money: (minor) => formatMoney(minor, currency, locale),
    dateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : '—'),
    date: (iso) => (iso ? date.format(new Date(iso)) : '—'),
    day: (ymd) => (ymd ? day.format(new Date(ymd + 'T00:00:00Z')) : '—'),
    time: (iso) => time.format(new Date(iso)),
    number: (n) => number.format(n),
    compact: (n) => compact.format(n),
  };
}
