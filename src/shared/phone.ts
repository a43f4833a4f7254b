/**
 * One canonical form of a phone number: E.164 ("+84912345678"), decided by libphonenumber-js with
 * the shop's country as the region of numbers typed without a country code. "0912 345 678",
 * "+84 912-345-678", "84912345678" and "0084 912 345 678" are then one phone in a Vietnamese shop,
 * as "0912-345-678" and "+886 912 345 678" are in a Taiwanese one.
 *
 * `max` metadata, deliberately: `min` only checks a number's length, so in Vietnam a mistyped
 * prefix ("0112 345 678") or a pre-2018 eleven-digit mobile would pass as a valid, different phone,
 * and telling "84909876543" (country code without +) from a national number rests on length alone.
 * `max` checks the real number ranges (mobile, landline, toll-free) of every country; the 65 kB
 * more lives in the main process of a desktop app, where it costs nothing. A number the metadata
 * does not know yet is refused at the form with a clear reason and kept as typed by imports.
 */
import type { ErrorCode } from './errors';
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/** Why a typed phone is not one; each has its own error code and message in the UI. */
export type PhoneProblem = 'not_a_number' | 'too_short' | 'too_long' | 'invalid_for_country';

/** `national` is the national form's digits ("0912345678"): what people of the country type. */
export type ParsedPhone = { ok: true; e164: string; display: string; national: string } | { ok: false; reason: PhoneProblem };

/** The error each problem reports (the UI translates the code), and its English message for logs and the CLI. */
export const PHONE_ERRORS: Record<PhoneProblem, { code: ErrorCode; message: string }> = {
  not_a_number: { code: 'PHONE_NOT_A_NUMBER', message: 'phone is not a phone number: use digits, spaces, . - ( ) and a + in front' },
  too_short: { code: 'PHONE_TOO_SHORT', message: 'phone has too few digits' },
  too_long: { code: 'PHONE_TOO_LONG', message: 'phone has too many digits' },
  invalid_for_country: {
    code: 'PHONE_INVALID',
    message: "phone is not a number of the shop's country; write a foreign number with + and its country code",
  },
};

/** Bounds that hold in every country: E.164 has at most 15 digits, plus a trunk 0 or an 00 prefix. */
const MIN_DIGITS = 4;
const MAX_DIGITS = 17;

/**
 * Full-width digits, + and brackets (a Chinese input method) become ASCII. Only digits, spaces,
 * . - / ( ) and a + in front are phone punctuation; letters make it "not a number".
 */
function clean(input: string): string {
  return input.normalize('NFKC').trim();
}

/** The check that needs no country (the contract's): a phone's characters and a plausible length. */
export function phoneShapeProblem(input: string): PhoneProblem | null {
  const s = clean(input);
  if (!/^\+?[\d\s().\-/]+$/.test(s) || !/\d/.test(s)) return 'not_a_number';
  const digits = s.replace(/\D+/g, '').length;
  if (digits < MIN_DIGITS) return 'too_short';
  if (digits > MAX_DIGITS) return 'too_long';
  return null;
}

/**
 * Reads a typed phone with the shop's country as default. `display` is how people of the shop's
 * country write it: the national form for its own numbers ("028 3823 4567"), the international
 * form for others ("+1 415 555 2671").
 */
export function parsePhone(input: string, country: string): ParsedPhone {
  const shape = phoneShapeProblem(input);
  if (shape) return { ok: false, reason: shape };
  const text = clean(input);
  const region: CountryCode | undefined = isSupportedCountry(country) ? country : undefined;
  const options = { defaultCountry: region };
  let number: PhoneNumber | null = null;
  try {
    number = parsePhoneNumberWithError(text, options);
  } catch {
    // Its reason comes from the length check below.
  }
  if (number?.isValid()) {
    const national = number.formatNational();
    const home = region !== undefined && number.country === region;
    return { ok: true, e164: number.number, display: home ? national : number.formatInternational(), national: digitsOf(national) };
  }
  // Parsing again costs as much as the first time, so only a number that failed pays for its reason.
  const length = validatePhoneNumberLength(text, options);
  if (length === 'TOO_SHORT') return { ok: false, reason: 'too_short' };
  if (length === 'TOO_LONG') return { ok: false, reason: 'too_long' };
  if (length === 'NOT_A_NUMBER') return { ok: false, reason: 'not_a_number' };
  return { ok: false, reason: 'invalid_for_country' };
}

/** Every digit, in order: "+84 (90) 123-4567" -> "84901234567". */
export function digitsOf(input: string): string {
  return clean(input).replace(/\D+/g, '');
}

/**
 * The text phone search looks in: the national digits ("0912345678") and the international ones
 * ("84912345678"), space-separated so a digit run never spans the two, the shorter dropped when
 * the longer holds it (Hong Kong's "91234567" is inside "85291234567"). Any run of digits a person
 * types in either form is a substring, so "4567", "0912345" and "84 912" all find it. A number
 * that does not parse is searched by its typed digits.
 */
export function phoneSearchDigits(parsed: ParsedPhone, typed: string): string {
  if (!parsed.ok) return digitsOf(typed);
  const international = parsed.e164.slice(1);
  return international.includes(parsed.national) ? international : `${parsed.national} ${international}`;
}

/**
 * What is stored for a typed phone: the display form, the search digits, and the key duplicates
 * and imports compare. The key is E.164 ("+84…") for a valid number; a number that does not parse
 * is kept as typed and keyed by its bare digits (never starting with +, so never equal to a valid
 * number's key), which still matches the same digits typed again.
 */
export interface StoredPhone {
  phone: string;
  digits: string;
  key: string | null;
}

export function storedPhone(typed: string, country: string): StoredPhone {
  const parsed = parsePhone(typed, country);
  if (parsed.ok) return { phone: parsed.display, digits: phoneSearchDigits(parsed, typed), key: parsed.e164 };
  return { phone: typed.trim(), digits: digitsOf(typed), key: unparsedKey(typed) };
}

/** The key of a typed phone, for duplicate warnings and import matching (see StoredPhone). */
export function phoneKey(typed: string, country: string): string | null {
  const parsed = parsePhone(typed, country);
  return parsed.ok ? parsed.e164 : unparsedKey(typed);
}

/** Fewer than six digits is a fragment, not a phone that could name one person. */
function unparsedKey(typed: string): string | null {
  const d = digitsOf(typed);
  return d.length >= 6 ? d : null;
}

/**
 * What a phone-looking search query looks for: its digits as a substring of phone_digits and,
 * when it is a whole number of the shop's country, that number's key (an indexed equality), so
 * "0084 912 345 678" and "+84 (0) 912 345 678" find the same person as "0912345678".
 */
export function phoneQuery(query: string, country: string): { digits: string; e164: string | null } {
  const digits = digitsOf(query);
  const parsed = digits.length >= 6 ? parsePhone(query, country) : null;
  return { digits, e164: parsed?.ok ? parsed.e164 : null };
}
