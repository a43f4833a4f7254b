/**
 * The shop's country (ISO 3166-1 alpha-2): the default region for phone numbers people type
 * without a country code ("0901 234 567" is +84 in Vietnam, "0912-345-678" is +886 in Taiwan).
 * Shops made before the setting existed take it from their currency, then their time zone.
 */
import { isSupportedCountry } from 'libphonenumber-js/min';

const BY_CURRENCY: Record<string, string> = {
  VND: 'VN',
  TWD: 'TW',
  HKD: 'HK',
  MOP: 'MO',
  SGD: 'SG',
  MYR: 'MY',
  THB: 'TH',
  PHP: 'PH',
  IDR: 'ID',
  KHR: 'KH',
  LAK: 'LA',
  JPY: 'JP',
  KRW: 'KR',
  CNY: 'CN',
  GBP: 'GB',
  AUD: 'AU',
  CAD: 'CA',
  USD: 'US',
};

const BY_TIME_ZONE: Record<string, string> = {
  'Asia/Ho_Chi_Minh': 'VN',
  'Asia/Saigon': 'VN',
  'Asia/Taipei': 'TW',
  'Asia/Hong_Kong': 'HK',
  'Asia/Macau': 'MO',
  'Asia/Singapore': 'SG',
  'Asia/Kuala_Lumpur': 'MY',
  'Asia/Bangkok': 'TH',
  'Asia/Manila': 'PH',
  'Asia/Jakarta': 'ID',
  'Asia/Phnom_Penh': 'KH',
  'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR',
  'Asia/Shanghai': 'CN',
};

/** A two-letter region the phone library knows (so it can read that country's numbers). */
export function isKnownCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** The best guess for a shop that has not said: its time zone names a place, its currency a country. */
export function guessCountry(currency: string | undefined, timeZone: string | undefined): string | null {
  if (timeZone && BY_TIME_ZONE[timeZone]) return BY_TIME_ZONE[timeZone]!;
  if (currency && BY_CURRENCY[currency.toUpperCase()]) return BY_CURRENCY[currency.toUpperCase()]!;
  return null;
}
