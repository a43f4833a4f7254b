import { useMemo } from 'react';
import { formatMoney } from '../../../shared/money';
import { useApp } from '../stores/app';

/** Money and dates in the shop's currency, locale and time zone. */
export function useFormat() {
  const settings = useApp((s) => s.settings);
  return useMemo(() => {
    const currency = settings?.currency ?? 'VND';
    const locale = settings?.locale ?? 'en';
    const timeZone = settings?.timeZone ?? 'UTC';
    const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
    const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
    const number = new Intl.NumberFormat(locale);
    return {
      currency,
      locale,
      money: (minor: number) => formatMoney(minor, currency, locale),
      dateTime: (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : '—'),
      date: (iso: string | null) => (iso ? date.format(new Date(iso)) : '—'),
      /** A calendar date (YYYY-MM-DD) without shifting it through a time zone. */
      day: (ymd: string | null) => (ymd ? new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(ymd + 'T00:00:00Z')) : '—'),
      time: (iso: string) => time.format(new Date(iso)),
      number: (n: number) => number.format(n),
    };
  }, [settings]);
}
