/**
 * Which column holds what. Columns are named by their header text (trimmed, case-insensitive),
 * because that is what the person sees in their spreadsheet.
 */
import type { ImportInspection, ImportMapping } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { foldText } from '../../../shared/search';

/** The no-mapping file: receipt,customer,date,amount with the customer's code. */
export const DEFAULT_MAPPING: ImportMapping = {
  receipt: 'receipt',
  customer: 'customer',
  customerKey: 'code',
  date: 'date',
  amount: 'amount',
  note: null,
  name: null,
  phone: null,
  email: null,
  externalCode: null,
};

const FIELDS = ['receipt', 'customer', 'date', 'amount', 'note', 'name', 'phone', 'email', 'externalCode'] as const;
export type Field = (typeof FIELDS)[number];
const REQUIRED: Field[] = ['receipt', 'customer', 'date', 'amount'];

export type ColumnIndex = Record<Field, number | null>;

const key = (h: string): string => h.trim().toLowerCase();

export function isDefaultHeader(header: string[]): boolean {
  return header.map(key).join(',') === 'receipt,customer,date,amount';
}

/**
 * Column positions for any import's mapping (field -> header name, or null for none); a named
 * column missing from the header is refused by name. Header names match trimmed, ignoring case.
 */
export function mappedColumns<F extends string>(
  header: string[],
  mapping: Readonly<Record<F, string | null>>,
  fields: readonly F[],
): Record<F, number | null> {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    if (!positions.has(key(h))) positions.set(key(h), i);
  });
  const index = {} as Record<F, number | null>;
  for (const f of fields) {
    const name = mapping[f];
    if (name === null) {
      index[f] = null;
      continue;
    }
    const at = positions.get(key(name));
    if (at === undefined) {
      throw new AppError('IMPORT_COLUMN_MISSING', `The file has no column "${name}" (its columns: ${header.join(', ') || 'none'}).`, {
        field: `mapping.${f}`,
        params: { column: name, columns: header.join(', ') },
      });
    }
    index[f] = at;
  }
  return index;
}

/** The sales import's columns: every required field must be mapped. */
export function resolveColumns(header: string[], mapping: ImportMapping): ColumnIndex {
  const index = mappedColumns(header, mapping, FIELDS) as ColumnIndex;
  for (const f of REQUIRED)
    if (index[f] === null) throw new AppError('VALIDATION', `Choose the column holding ${f}.`, { field: `mapping.${f}` });
  return index;
}

/**
 * Header words for a customer's own details, folded (no diacritics, lower case): shared with the
 * customer import, which reads the same spreadsheets.
 */
export const CUSTOMER_HEADER_WORDS = {
  name: ['name', 'customer name', 'full name', 'ten', 'ho ten', 'ho va ten', 'ten khach hang', '姓名', '客戶名稱'],
  phone: ['phone', 'phone number', 'mobile', 'tel', 'telephone', 'sdt', 'so dien thoai', 'dien thoai', '電話', '手機'],
  email: ['email', 'e-mail', 'email address', 'mail', '電郵', '電子郵件'],
  externalCode: ['external code', 'old code', 'old id', 'ma cu', '舊編號'],
};

/** Header words an old POS or a spreadsheet commonly uses, folded (no diacritics, lower case). */
const SYNONYMS: Record<Field, string[]> = {
  receipt: [
    'receipt',
    'receipt no',
    'receipt number',
    'ref',
    'reference',
    'invoice',
    'invoice no',
    'order',
    'order id',
    'bill',
    'so hd',
    'so hoa don',
    'hoa don',
    'ma hd',
    'ma hoa don',
    '單號',
    '收據',
    '發票',
  ],
  customer: ['customer', 'customer code', 'customer id', 'member', 'member id', 'ma kh', 'ma khach hang', 'khach hang', '客戶', '會員'],
  date: ['date', 'datetime', 'date time', 'time', 'sold at', 'created at', 'ngay', 'thoi gian', 'ngay ban', '日期', '時間'],
  amount: ['amount', 'total', 'sum', 'value', 'paid', 'tong', 'tong tien', 'thanh tien', 'so tien', '金額', '總計'],
  note: ['items', 'item', 'note', 'notes', 'products', 'description', 'ghi chu', 'mat hang', 'san pham', '備註', '品項'],
  name: CUSTOMER_HEADER_WORDS.name,
  phone: CUSTOMER_HEADER_WORDS.phone,
  email: CUSTOMER_HEADER_WORDS.email,
  externalCode: CUSTOMER_HEADER_WORDS.externalCode,
};

/** A header cell as the word lists hold it: folded, with _ # . : read as spaces. */
export function foldHeader(h: string): string {
  return foldText(h)
    .replace(/[_#.:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The column each field's words name, fields in the order given (specific names first, so
 * "customer name" is not taken as the customer key); a column is given to one field at most.
 */
export function pickColumns<F extends string>(
  header: string[],
  words: Record<F, readonly string[]>,
  order: readonly F[],
): Record<F, string | null> {
  const folded = header.map(foldHeader);
  const taken = new Set<number>();
  const out = {} as Record<F, string | null>;
  for (const f of order) {
    const i = folded.findIndex((h, j) => !taken.has(j) && words[f].includes(h));
    if (i >= 0) taken.add(i);
    out[f] = i >= 0 ? header[i]! : null;
  }
  return out;
}

export function suggestMapping(header: string[]): ImportInspection['suggested'] {
  const found = pickColumns(header, SYNONYMS, ['name', 'externalCode', 'phone', 'email', 'receipt', 'customer', 'date', 'amount', 'note']);
  return { ...found, customerKey: isDefaultHeader(header) ? 'code' : 'auto' };
}
