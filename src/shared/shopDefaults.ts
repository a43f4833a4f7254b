/**
 * What a new shop's setup proposes, read from the browser or system: its languages and time zone.
 * Nothing falls back to Vietnam: what cannot be read is left empty for the person to choose.
 */
import { guessCountry } from './country';
import type { Locale } from './domain';
import { minorDigits } from './money';

const CURRENCY_OF_COUNTRY: Record<string, string> = {
  VN: 'VND',
  TW: 'TWD',
  HK: 'HKD',
  MO: 'MOP',
  CN: 'CNY',
  SG: 'SGD',
  MY: 'MYR',
  TH: 'THB',
  PH: 'PHP',
  ID: 'IDR',
  KH: 'KHR',
  LA: 'LAK',
  JP: 'JPY',
  KR: 'KRW',
  IN: 'INR',
  AU: 'AUD',
  NZ: 'NZD',
  CA: 'CAD',
  US: 'USD',
  GB: 'GBP',
  CH: 'CHF',
  ...Object.fromEntries(
    ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'].map((c) => [
      c,
      'EUR',
    ]),
  ),
};

/** The amount (in whole units) a purchase usually spans per point: a small note of that currency. */
const POINT_STEP: Record<string, number> = {
  VND: 10_000,
  IDR: 10_000,
  KRW: 1_000,
  KHR: 4_000,
  LAK: 20_000,
  TWD: 100,
  JPY: 100,
  PHP: 50,
  THB: 50,
  INR: 100,
  HKD: 10,
  MOP: 10,
  CNY: 10,
};

export interface ShopDefaults {
  locale: Locale;
  currency: string | null;
  country: string | null;
  timeZone: string;
  pointsRule: { every: number; points: number } | null;
}

export function currencyOfCountry(country: string | null): string | null {
  return country ? (CURRENCY_OF_COUNTRY[country] ?? null) : null;
}

/** One point for every small note of the currency, in its minor unit. */
export function defaultPointsRule(currency: string): { every: number; points: number } {
  return { every: (POINT_STEP[currency] ?? 1) * 10 ** minorDigits(currency), points: 1 };
}

/** The UI language for a BCP 47 tag, when the app speaks it (Chinese is offered in Traditional only). */
export function uiLanguageOf(tag: string): Locale | null {
  const lang = tag.toLowerCase().split(/[-_]/)[0];
  if (lang === 'vi') return 'vi';
  if (lang === 'zh') return 'zh-Hant';
  if (lang === 'en') return 'en';
  return null;
}

function regionOf(tag: string): string | null {
  try {
    return new Intl.Locale(tag).maximize().region ?? null;
  } catch {
    return null;
  }
}

/**
 * `languages` as navigator.languages gives them, `timeZone` as Intl resolves it. The time zone says
 * where the shop is when it names a place we know; otherwise the first language's region does.
 */
export function guessShopDefaults(languages: readonly string[], timeZone: string): ShopDefaults {
  const locale = languages.map(uiLanguageOf).find((l) => l !== null) ?? 'en';
  const tagged = languages.find((l) => /[-_][A-Za-z]{2}\b/.test(l)) ?? languages[0];
  const country = guessCountry(undefined, timeZone) ?? (tagged ? regionOf(tagged) : null);
  const currency = currencyOfCountry(country);
  return { locale, currency, country, timeZone, pointsRule: currency ? defaultPointsRule(currency) : null };
}
