/**
 * The choices of a shop's country, currency and time zone, named in the UI's language.
 * Countries are those the phone library knows, since the country is the default region of phones.
 */
import { getCountries } from 'libphonenumber-js/min';

export interface Option {
  value: string;
  label: string;
}

function named(codes: readonly string[], language: string, type: 'region' | 'currency'): Option[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([language, 'en'], { type });
  } catch {
    names = null;
  }
  const collator = new Intl.Collator(language);
  return codes
    .map((code) => {
      const name = names?.of(code);
      return { value: code, label: name && name !== code ? `${name} (${code})` : code };
    })
    .sort((a, b) => collator.compare(a.label, b.label));
}

export function countryOptions(language: string): Option[] {
  return named(getCountries(), language, 'region');
}

export function currencyOptions(language: string): Option[] {
  return named(Intl.supportedValuesOf('currency'), language, 'currency');
}

/** Every zone the runtime knows, with the current one first when it is an alias (Asia/Saigon). */
export function timeZoneOptions(current: string | null): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
