/**
 * What a feed's entries say (docs/architecture.md, "Feeds"). Rows travel by global id: customers
 * and cards by their UUID, purchases and ledger rows by (making install's id, key there). A field
 * clock is the HLC and install of the latest change that named the field: what last-writer-wins
 * per field compares; [0, ''] is "no entry names it" (data older than the change log) and loses
 * to any real one.
 */
import { z } from 'zod';
import type { Hlc } from '../../shared/hlc';
import { CUSTOMER_DATA_COLUMNS } from '../services/customers';
import { campaignEntrySchema, couponEntrySchema, type OfferEntry } from './campaignEntries';
import { floorEntry, mergeEntry, ratingEntry, type FloorEntry, type MergeEntry, type RatingEntry } from './mergeEntries';
import { segmentEntrySchema, type SegmentEntry } from './segments';
import { settingEntrySchema, type SettingEntry } from './settings';
import { auditEntrySchema, type AuditFeedEntry } from './audit';
import { UUID, zFactId, zInt, zUuid } from './kit';

/** A purchase's or ledger row's global id: the install that made it and its key there. */
export type FactId = [install: string, key: number];

export type Clock = [hlc: Hlc, install: string];

/** Customers' columns that sync carries, last writer wins each (code and created_at never change; merged_into is not synced yet). */
export const CUSTOMER_FIELDS = [...CUSTOMER_DATA_COLUMNS, 'updated_at', 'erased_at', 'details_missing'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

export interface InstallsEntry {
  t: 'installs';
  list: { id: string; tag: number }[];
}

export interface CustomerEntry {
  t: 'customer';
  gid: string;
  code: string;
  created_at: string;
  /** Each field's current value at the writer and its clock. */
  fields: Record<CustomerField, [value: string | number | null, clock: Clock]>;
}

export interface CardEntry {
  t: 'card';
  gid: string;
  customer: string;
  number: string;
  status: string;
  issued_at: string;
  status_at: string | null;
  status_reason: string | null;
  replaced_by: string | null;
  /** The clock of the card's latest entry: which of two equally final statuses wins. */
  hlc: Hlc;
  install: string;
}

export interface SaleRow {
  id: FactId;
  customer: string | null;
  card: string | null;
  total: number;
  points: number;
  note: string | null;
  sold_at: number;
  created_at: number;
  voided_at: number | null;
  void_reason: string | null;
  source: string | null;
  receipt_ref: string | null;
  amount_before: number | null;
  points_redeemed: number;
  redeemed_value: number;
  /** The coupon used, by global id (absent in feeds written before coupons travelled). */
  coupon?: string | null;
}

export interface SaleEntry {
  t: 'sale';
  sale: SaleRow;
}

/** A void; it carries the purchase whole, so it applies even where the purchase has not arrived from its own install yet. */
export interface VoidEntry {
  t: 'void';
  sale: SaleRow;
  hlc: Hlc;
  install: string;
}

export interface PointsEntry {
  t: 'points';
  id: FactId;
  customer: string;
  sale: FactId | null;
  kind: string;
  points: number;
  reason: string | null;
  created_at: number;
  /** A lot's remaining points before any draw from it (null: not a lot). */
  lot: number | null;
  expires_at: number | null;
  /** The lots this row drew from. */
  draws: [lot: FactId, points: number][];
}

/** Last in every feed: where the export was cut, and the writer's clock then. */
export interface MarksEntry {
  t: 'marks';
  change_seq: number;
  sale_key: number;
  ledger_key: number;
  hlc: Hlc;
  /** The writer's wall clock at export, and its measure of each peer's clock (sync/clockDrift.ts); absent from older writers. */
  clock?: number;
  peers?: [install: string, aheadMs: number][];
}

export type FeedEntry =
  | InstallsEntry
  | CustomerEntry
  | CardEntry
  | SaleEntry
  | VoidEntry
  | PointsEntry
  | MarksEntry
  | OfferEntry
  | MergeFeedEntry
  | ShopEntry
  | AuditFeedEntry;
/** Segments and shop-wide settings (sync/segments.ts, sync/settings.ts). */
export type ShopEntry = SegmentEntry | SettingEntry;
/** Merges, tier floors and ratings (sync/mergeEntries.ts). */
export type MergeFeedEntry = MergeEntry | FloorEntry | RatingEntry;

export { clockAfter } from './logClocks';

const uuid = zUuid;
const int = zInt;
const text = z.string();
const factId = zFactId;
/** Shared by the entry kinds' schemas. */
export const clock = z.tuple([int.min(0), z.union([uuid, z.literal('')])]);
export const value = z.union([z.string(), int, z.null()]);
/**
 * A customer field's [value, clock]: the same rule as z.tuple([value, clock]) in one check. A feed
 * of 1,000 customers has 20,000 of them, and zod's nested tuples and unions cost more than the
 * rest of the feed's checks together the first time they run (each sync from the command line).
 */
const fieldPair = z.custom<[string | number | null, Clock]>(
  (v) =>
    Array.isArray(v) &&
    v.length === 2 &&
    (v[0] === null || typeof v[0] === 'string' || Number.isSafeInteger(v[0])) &&
    Array.isArray(v[1]) &&
    v[1].length === 2 &&
    Number.isSafeInteger(v[1][0]) &&
    v[1][0] >= 0 &&
    typeof v[1][1] === 'string' &&
    (v[1][1] === '' || UUID.test(v[1][1])),
  { message: 'expected [value (text, whole number or null), [clock ≥ 0, install id or ""]]' },
);
const saleRow = z.object({
  id: factId,
  customer: uuid.nullable(),
  card: uuid.nullable(),
  total: int.min(1),
  points: int,
  note: text.nullable(),
  sold_at: int,
  created_at: int,
  voided_at: int.nullable(),
  void_reason: text.nullable(),
  source: text.nullable(),
  receipt_ref: text.nullable(),
  amount_before: int.nullable(),
  points_redeemed: int.min(0),
  redeemed_value: int.min(0),
  coupon: uuid.nullable().optional(),
});

/** The shape of every entry, checked before anything is applied: a feed written wrong is refused whole with the entry's number. */
export const feedEntry = z.discriminatedUnion('t', [
  z.object({ t: z.literal('installs'), list: z.array(z.object({ id: uuid, tag: int.min(1) })) }),
  z.object({
    t: z.literal('customer'),
    gid: uuid,
    code: text,
    created_at: text,
    fields: z.object(Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, fieldPair])) as Record<string, z.ZodType>),
  }),
  z.object({
    t: z.literal('card'),
    gid: uuid,
    customer: uuid,
    number: text,
    status: z.enum(['active', 'lost', 'blocked', 'replaced']),
    issued_at: text,
    status_at: text.nullable(),
    status_reason: text.nullable(),
    replaced_by: uuid.nullable(),
    hlc: int.min(0),
    install: z.union([uuid, z.literal('')]),
  }),
  z.object({ t: z.literal('sale'), sale: saleRow }),
  z.object({ t: z.literal('void'), sale: saleRow, hlc: int.min(0), install: uuid }),
  z.object({
    t: z.literal('points'),
    id: factId,
    customer: uuid,
    sale: factId.nullable(),
    kind: z.enum(['earn', 'redeem', 'expire', 'adjust', 'reverse']),
    points: int,
    reason: text.nullable(),
    created_at: int,
    lot: int.min(0).nullable(),
    expires_at: int.nullable(),
    draws: z.array(z.tuple([factId, int.min(1)])),
  }),
  z.object({
    t: z.literal('marks'),
    change_seq: int.min(0),
    sale_key: int.min(0),
    ledger_key: int.min(0),
    hlc: int.min(0),
    clock: int.optional(),
    peers: z.array(z.tuple([uuid, int])).optional(),
  }),
  mergeEntry,
  floorEntry,
  ratingEntry,
  campaignEntrySchema,
  couponEntrySchema,
  segmentEntrySchema,
  settingEntrySchema,
  auditEntrySchema,
]);
