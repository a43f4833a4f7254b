/**
 * Which column holds which of the customer's details: suggested from the header words (English,
 * Vietnamese, Chinese; the name, phone, email and old code words are the sales import's), and the
 * last mapping used for a file with the same header remembered in the settings table.
 */
import crypto from 'node:crypto';
import {
  CUSTOMER_IMPORT_FIELDS,
  customerImportMapping,
  type CustomerImportField,
  type CustomerImportInspection,
  type CustomerImportMapping,
} from '../../../shared/contract/customerImport';
import type { Tx } from '../context';
import { CUSTOMER_HEADER_WORDS, foldHeader, mappedColumns, pickColumns } from '../importSales/mapping';
import { putSettingRow } from '../../db/settingRows';

export type ColumnIndex = Record<CustomerImportField, number | null>;

const WORDS: Record<CustomerImportField, readonly string[]> = {
  name: CUSTOMER_HEADER_WORDS.name,
  phone: CUSTOMER_HEADER_WORDS.phone,
  email: CUSTOMER_HEADER_WORDS.email,
  externalCode: [
    ...CUSTOMER_HEADER_WORDS.externalCode,
    'code',
    'customer code',
    'customer id',
    'customer no',
    'customer number',
    'member id',
    'member no',
    'ma kh',
    'ma khach hang',
    'ma khach',
    '會員編號',
    '客戶編號',
    '編號',
  ],
  birthday: ['birthday', 'birth date', 'date of birth', 'dob', 'born', 'ngay sinh', 'sinh nhat', 'ngay thang nam sinh', '生日', '出生日期'],
  gender: ['gender', 'sex', 'gioi tinh', '性別'],
  area: ['area', 'district', 'city', 'region', 'ward', 'khu vuc', 'quan', 'quan huyen', 'tinh thanh', '地區', '區域', '城市'],
  address: ['address', 'street', 'dia chi', '地址'],
  tags: ['tags', 'tag', 'labels', 'groups', 'nhan', 'nhom', '標籤', '分類'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks', 'ghi chu', '備註', '附註'],
  consent: [
    'consent',
    'marketing consent',
    'marketing',
    'opt in',
    'newsletter',
    'subscribed',
    'dong y',
    'dong y nhan tin',
    'nhan khuyen mai',
    '同意',
    '行銷同意',
    '訂閱',
  ],
  consentDate: ['consent date', 'opt in date', 'subscribed at', 'ngay dong y', '同意日期'],
};

// Specific names first: "consent date" is not "consent", "customer name" not a code.
const ORDER: CustomerImportField[] = [
  'name',
  'consentDate',
  'birthday',
  'phone',
  'email',
  'externalCode',
  'gender',
  'consent',
  'address',
  'area',
  'tags',
  'notes',
];

export function suggestCustomerMapping(header: string[]): CustomerImportInspection['suggested'] {
  return pickColumns(header, WORDS, ORDER);
}

/** Column positions for a mapping; a named column missing from the header is refused by name. */
export function resolveColumns(header: string[], mapping: CustomerImportMapping): ColumnIndex {
  return mappedColumns(header, mapping, CUSTOMER_IMPORT_FIELDS);
}

/** A file's shape: its header, folded, so "Phone " and "phone" files share their mapping. */
export function shapeOf(header: string[]): string {
  return crypto.createHash('sha256').update(header.map(foldHeader).join('\u0001')).digest('hex').slice(0, 32);
}

const settingKey = (header: string[]): string => `customerImport.mapping.${shapeOf(header)}`;

/** The mapping last committed for a file with this header, when its columns are all still there. */
export async function rememberedMapping(tx: Tx, header: string[]): Promise<CustomerImportMapping | null> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', settingKey(header)).executeTakeFirst();
  if (!row) return null;
  const parsed = customerImportMapping.safeParse(JSON.parse(row.value));
  if (!parsed.success) return null;
  try {
    resolveColumns(header, parsed.data);
    return parsed.data;
  } catch {
    return null;
  }
}

export async function rememberMapping(tx: Tx, header: string[], mapping: CustomerImportMapping): Promise<void> {
  await putSettingRow(tx, settingKey(header), JSON.stringify(mapping));
}
