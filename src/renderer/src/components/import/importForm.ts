import type { ImportMapping } from '../../../../shared/contract/imports';
import { DATE_FORMATS, DECIMAL_MARKS } from '../../../../shared/contract/imports';

/** The column choices as the form holds them: a column name, or null for none. */
export type MappingForm = { [K in keyof ImportMapping]: string | null };
export const REQUIRED = ['receipt', 'customer', 'date', 'amount'] as const;
export const OPTIONAL = ['note', 'name', 'phone', 'email', 'externalCode'] as const;

export interface ImportOptionsForm {
  sourceName: string;
  createCustomers: boolean;
  earnPoints: boolean;
  skipErrors: boolean;
  /** auto: the file's own format where it shows one, else the shop's usual one. */
  dateFormat: 'auto' | (typeof DATE_FORMATS)[number];
  decimalMark: 'auto' | (typeof DECIMAL_MARKS)[number];
}

/** True when the columns are the README's own header, so the request can leave the mapping to the backend. */
export function isDefaultMapping(m: MappingForm | null): boolean {
  return (
    !!m &&
    m.receipt === 'receipt' &&
    m.customer === 'customer' &&
    m.date === 'date' &&
    m.amount === 'amount' &&
    OPTIONAL.every((k) => !m[k]) &&
    (m.customerKey ?? 'auto') === 'auto'
  );
}
