/**
 * Every stored phone in the one canonical form of issue 13 (see shared/phone.ts at the time of
 * writing): `phone` as people of the shop's country write it, `phone_canonical` its E.164 form,
 * `phone_digits` its national and international digits for search. Before this, phones were kept
 * as typed, so "+84 912-345-678" was not found by "0912345678" and duplicates compared a
 * Vietnam-only guess.
 *
 * The normalisation is a copy, not an import of the app's module: a migration is frozen once
 * merged, and a later change to the app's phone rules must come with its own migration rather
 * than silently change what this one did. It calls libphonenumber-js (max metadata) directly, in
 * JS over the rows, then writes the changed rows back in batches through one UPDATE … FROM
 * json_each each (a registered SQL function would need the better-sqlite3 handle, which
 * migrations do not get). A number that does not parse is kept exactly as typed and searched by
 * its digits, so nothing is lost.
 *
 * The shop's country comes from the settings; a shop made before the setting existed gets the
 * app's guess (time zone, then currency, else Vietnam), and that guess is written to the settings
 * so the phones and the app agree on it from now on.
 *
 * Measured on the shared 2-core dev machine at 100k customers: 4–6 s in all, about half of it
 * libphonenumber's parsing (~25 µs a number), the rest the batched UPDATEs with their FTS triggers.
 * It runs once, inside the migration transaction, after the automatic backup (~0.2 s).
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';
import { isSupportedCountry, parsePhoneNumberWithError, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

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
const BATCH = 5_000;

async function shopCountry(db: Kysely<any>): Promise<string> {
  const rows: { key: string; value: string }[] = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const country = stored.get('country');
  if (typeof country === 'string') return country;
  const tz = stored.get('timeZone');
  const currency = stored.get('currency');
  const guess =
    (typeof tz === 'string' ? BY_TIME_ZONE[tz] : undefined) ??
    (typeof currency === 'string' ? BY_CURRENCY[currency.toUpperCase()] : undefined) ??
    'VN';
  // Only a shop that has settings gets one written: a new, empty database is set up by the app.
  if (rows.length > 0)
    await db
      .insertInto('settings')
      .values({ key: 'country', value: JSON.stringify(guess) })
      .execute();
  return guess;
}

interface Stored {
  phone: string;
  digits: string;
  key: string | null;
}

function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

function canonical(typed: string, region: CountryCode | undefined): Stored {
  const text = typed.normalize('NFKC').trim();
  const digits = digitsOf(text);
  const asTyped: Stored = { phone: typed.trim(), digits, key: digits.length >= 6 ? digits : null };
  if (!/^\+?[\d\s().\-/]+$/.test(text) || digits.length < 4 || digits.length > 17) return asTyped;
  if (validatePhoneNumberLength(text, { defaultCountry: region }) !== undefined) return asTyped;
  try {
    const n = parsePhoneNumberWithError(text, { defaultCountry: region });
    if (!n.isValid()) return asTyped;
    const nationalForm = n.formatNational();
    const national = digitsOf(nationalForm);
    const international = n.number.slice(1);
    return {
      phone: region !== undefined && n.country === region ? nationalForm : n.formatInternational(),
      digits: international.includes(national) ? international : `${national} ${international}`,
      key: n.number,
    };
  } catch {
    return asTyped;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const country = await shopCountry(db);
  const region = isSupportedCountry(country) ? country : undefined;
  const rows: { r: number; phone: string; phone_digits: string | null; phone_canonical: string | null }[] = await db
    .selectFrom('customers')
    .select([sql<number>`rowid`.as('r'), 'phone', 'phone_digits', 'phone_canonical'])
    .where('phone', 'is not', null)
    .execute();
  const changed: [number, string, string, string | null][] = [];
  for (const row of rows) {
    const next = canonical(row.phone, region);
    if (next.phone !== row.phone || next.digits !== row.phone_digits || next.key !== row.phone_canonical) {
      changed.push([row.r, next.phone, next.digits, next.key]);
    }
  }
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = JSON.stringify(changed.slice(i, i + BATCH));
    await sql`UPDATE customers SET phone = j.value ->> 1, phone_digits = j.value ->> 2, phone_canonical = j.value ->> 3
      FROM json_each(${batch}) AS j WHERE customers.rowid = j.value ->> 0`.execute(db);
  }
}
