/**
 * Reading one cell of a customer row. Each reader returns a value (null for an empty cell) or a
 * problem code with an English sentence; the plan adds the line and the column.
 */
import type { CustomerImportProblemCode } from '../../../shared/contract/customerImport';
import type { DateFormat } from '../../../shared/contract/imports';
import type { Gender } from '../../../shared/domain';
import { PHONE_ERRORS, phoneShapeProblem } from '../../../shared/phone';
import { dateHint } from '../importSales/formats';
import { readDate, ZonedClock } from '../importSales/values';

export type Read<T> = { ok: true; value: T } | { ok: false; code: CustomerImportProblemCode; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (code: CustomerImportProblemCode, message: string): Read<never> => ({ ok: false, code, message });

/** Trimmed, inner white space collapsed: "  Nguyễn   Văn  An " is "Nguyễn Văn An". */
export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function readName(raw: string): Read<string> {
  const s = collapse(raw);
  if (s === '') return fail('name_missing', 'is empty: every customer needs a name');
  if (s.length > 200) return fail('name_invalid', 'is longer than 200 characters');
  return ok(s);
}

export function readPhone(raw: string): Read<string | null> {
  const s = raw.trim();
  if (s === '') return ok(null);
  const problem = phoneShapeProblem(s);
  if (problem) return fail('phone_invalid', `"${s}": ${PHONE_ERRORS[problem].message}`);
  return ok(s);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readEmail(raw: string): Read<string | null> {
  const s = raw.trim().toLowerCase();
  if (s === '') return ok(null);
  if (s.length > 200 || !EMAIL.test(s)) return fail('email_invalid', `"${raw.trim()}" is not an email address`);
  return ok(s);
}

/** Text of a bounded length; longer is a problem rather than silently cut. */
export function readText(raw: string, max: number): Read<string | null> {
  const s = raw.trim();
  if (s === '') return ok(null);
  if (s.length > max) return fail('text_too_long', `is longer than ${max} characters`);
  return ok(s);
}

/** Tags separated by , ; or |, as spreadsheets and Mailchimp write them. */
export function readTags(raw: string): Read<string[]> {
  const tags = [...new Set(raw.split(/[,;|]/).map(collapse))].filter((t) => t !== '');
  if (tags.length > 50) return fail('tags_invalid', 'has more than 50 tags');
  const long = tags.find((t) => t.length > 40);
  if (long) return fail('tags_invalid', `the tag "${long.slice(0, 40)}…" is longer than 40 characters`);
  return ok(tags);
}

/** Words for each gender in English, Vietnamese and Chinese, folded to lower case. */
const GENDER_WORDS: Record<string, Gender> = {};
for (const [g, words] of Object.entries({
  female: ['f', 'female', 'woman', 'w', 'nữ', 'nu', 'gái', 'bà', 'chị', '女', '女性', '女生', '小姐'],
  male: ['m', 'male', 'man', 'nam', 'trai', 'ông', 'anh', '男', '男性', '男生', '先生'],
  other: ['o', 'other', 'x', 'non-binary', 'khác', 'khac', '其他'],
}))
  for (const w of words) GENDER_WORDS[w.normalize('NFC')] = g as Gender;

export function readGender(raw: string): Read<Gender | null> {
  const s = raw.trim().toLowerCase().normalize('NFC');
  if (s === '') return ok(null);
  const g = GENDER_WORDS[s];
  return g ? ok(g) : fail('gender_invalid', `"${raw.trim()}" is not a gender (female, male, other; Nữ, Nam; 女, 男)`);
}

const YES = [
  'y',
  'yes',
  'true',
  '1',
  'x',
  '✓',
  '✔',
  'có',
  'co',
  'đồng ý',
  'dong y',
  'ok',
  'subscribed',
  'opted in',
  '是',
  '同意',
  '有',
  '對',
  'v',
];
const NO = ['n', 'no', 'false', '0', 'không', 'khong', 'ko', 'k', 'unsubscribed', '否', '不同意', '無', '沒有', '不'];
const CONSENT_WORDS = new Map<string, boolean>([
  ...YES.map((w) => [w.normalize('NFC'), true] as const),
  ...NO.map((w) => [w.normalize('NFC'), false] as const),
]);

/** Marketing consent as yes/no in the three languages; an empty cell says nothing (null). */
export function readConsent(raw: string): Read<boolean | null> {
  const s = collapse(raw).toLowerCase().normalize('NFC');
  if (s === '') return ok(null);
  const v = CONSENT_WORDS.get(s);
  return v === undefined ? fail('consent_invalid', `"${raw.trim()}" is not yes or no (yes/no, Có/Không, 是/否)`) : ok(v);
}

const UTC = new ZonedClock('UTC');
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Five-digit Excel serials: 1927-05-18 (10000) to 2173-10-14 (99999); a four-digit number is more likely a year. */
const SERIAL = /^\d{5}(?:\.\d+)?$/;

/** The day/month order the file's dates show (31/12/1990 can only be day first), or null when every one could be either. */
export function fileDateOrder(cells: Iterable<string>): 'dmy' | 'mdy' | null {
  let found: 'dmy' | 'mdy' | null = null;
  for (const cell of cells) {
    const h = dateHint(cell.trim());
    if (h === null || h === 'iso') continue;
    if (found !== null && h !== found) return null;
    found = h;
  }
  return found;
}

/**
 * A calendar day: year first (1990-05-31, 1990/05/31), day/month in the file's order (31/05/1990),
 * or an Excel serial (33024). A time after the date is ignored.
 */
export function readDay(raw: string, order: Exclude<DateFormat, 'iso'>, code: CustomerImportProblemCode): Read<string | null> {
  const s = raw.trim();
  if (s === '') return ok(null);
  if (SERIAL.test(s)) {
    const d = new Date(EXCEL_EPOCH + Math.floor(Number(s)) * 86_400_000);
    return ok(d.toISOString().slice(0, 10));
  }
  const r = readDate(s, /^\d{4}[-/.]/.test(s) ? 'iso' : order, UTC);
  if (!r.ok) {
    const expected = `${order === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'}, YYYY-MM-DD or YYYY/MM/DD`;
    return fail(code, r.message.replace(/\(expected .*\)$/, `(expected ${expected})`));
  }
  return ok(r.value.slice(0, 10));
}
