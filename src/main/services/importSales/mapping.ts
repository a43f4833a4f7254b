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

/** Column positions for a mapping; a named column missing from the header is refused by name. */
export function resolveColumns(header: string[], mapping: ImportMapping): ColumnIndex {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    if (!positions.has(key(h))) positions.set(key(h), i);
  });
  const index = {} as ColumnIndex;
  for (const f of FIELDS) {
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
  for (const f of REQUIRED)
    if (index[f] === null) throw new AppError('VALIDATION', `Choose the column holding ${f}.`, { field: `mapping.${f}` });
  return index;
}

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
  name: ['name', 'customer name', 'full name', 'ten', 'ho ten', 'ten khach hang', '姓名', '客戶名稱'],
  phone: ['phone', 'mobile', 'tel', 'telephone', 'sdt', 'so dien thoai', 'dien thoai', '電話', '手機'],
  email: ['email', 'e-mail', 'mail', '電郵', '電子郵件'],
  externalCode: ['external code', 'old code', 'old id', 'ma cu', '舊編號'],
};

export function suggestMapping(header: string[]): ImportInspection['suggested'] {
  const folded = header.map((h) =>
    foldText(h)
      .replace(/[_#.:]+/g, ' ')
      .trim(),
  );
  const taken = new Set<number>();
  const pick = (f: Field): string | null => {
    const i = folded.findIndex((h, j) => !taken.has(j) && SYNONYMS[f].includes(h));
    if (i < 0) return null;
    taken.add(i);
    return header[i]!;
  };
  // Specific names first, so "customer name" is not taken as the customer key.
  const name = pick('name');
  const externalCode = pick('externalCode');
  const phone = pick('phone');
  const email = pick('email');
  const receipt = pick('receipt');
  const customer = pick('customer');
  const date = pick('date');
  const amount = pick('amount');
  const note = pick('note');
  return {
    receipt,
    customer,
    customerKey: isDefaultHeader(header) ? 'code' : 'auto',
    date,
    amount,
    note,
    name,
    phone,
    email,
    externalCode,
  };
}
