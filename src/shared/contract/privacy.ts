/**
 * Privacy and duplicates (issue 17): merging two records of one person, erasing a customer
 * (anonymised; the shop's totals stay), a person's own data as JSON and CSV, and the whole shop
 * as files for leaving the app. Method names say what the owner-only role will guard.
 */
import { z } from 'zod';
import type { Customer } from '../domain';
import { id, out } from './schema';

/** The fields the owner picks from one side or the other when merging; each is whole (a phone with its forms). */
export const MERGE_FIELDS = [
  'fullName',
  'phone',
  'email',
  'birthday',
  'gender',
  'area',
  'address',
  'tags',
  'notes',
  'consent',
  'externalCode',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeSide = 'survivor' | 'absorbed';

const side = z.enum(['survivor', 'absorbed']);

export const mergeInput = z
  .object({
    /** The customer who stays (keeps code, cards' slot, history); the other is absorbed and hidden. */
    survivorId: id,
    absorbedId: id,
    /** Which side each field is taken from; a field left out stays the survivor's. */
    choices: z
      .object(Object.fromEntries(MERGE_FIELDS.map((f) => [f, side.optional()])) as Record<MergeField, z.ZodOptional<typeof side>>)
      .strict()
      .default({}),
  })
  .refine((v) => v.survivorId !== v.absorbedId, { message: 'a customer cannot be merged with itself', path: ['absorbedId'] });

/** How many rows moved from the absorbed customer to the survivor. */
export interface MergeMoved {
  sales: number;
  pointsLedger: number;
  pointLots: number;
  cards: number;
  coupons: number;
  campaignMemberships: number;
  /** Satisfaction ratings (issue 16) and hand-set tiers (their history; the highest in force counts). */
  feedback: number;
  tierFloors: number;
  /** 1 when the absorbed record's responsible staff member became the survivor's (who had none). */
  responsibleStaff: number;
}

export interface CustomerMerge {
  id: string;
  survivorId: string;
  absorbedId: string;
  absorbedCode: string;
  choices: Record<MergeField, MergeSide>;
  moved: MergeMoved;
  mergedAt: string;
  survivor: Customer;
}

export interface ErasedCustomer {
  id: string;
  code: string;
  erasedAt: string;
  /** False when the customer had been erased before (erasing is idempotent). */
  changed: boolean;
}

/** A file handed to the UI to save (the same way the mailing-list export is offered). */
export interface ExportedFile {
  filename: string;
  mimeType: string;
  content: string;
}

export interface ShopExport {
  /** The folder the files were written to (inside the data folder's exports/ unless the CLI named one). */
  folder: string;
  files: { name: string; rows: number }[];
}

export const privacyContract = {
  'customers.merge': { input: mergeInput, output: out<CustomerMerge>() },
  'customers.erase': { input: z.object({ id }), output: out<ErasedCustomer>() },
  /** Everything the shop holds about one person (their merged-in records too): profile, consent, cards, purchases, points, coupons. */
  'customers.exportOne': { input: z.object({ id }), output: out<{ json: ExportedFile; csv: ExportedFile }>() },
  /** Every table as a CSV file plus one JSON of everything, written to a new private folder. */
  'shop.exportAll': { input: z.object({}).optional(), output: out<ShopExport>() },
} as const;
