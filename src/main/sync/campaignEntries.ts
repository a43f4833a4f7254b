/**
 * Campaign and coupon entries of a feed (issue 18). A campaign travels whole with each field's
 * clock (last writer wins per field, as customers) and its audience snapshot; a coupon whole with
 * its latest clock. A coupon's uses are not sent: they are the purchases that name it (a purchase
 * carries its coupon's global id), counted the same way on every install. Kept apart from
 * entries.ts so that module's union gains two members and nothing else.
 */
import { z } from 'zod';
import type { Hlc } from '../../shared/hlc';

/** Campaign columns sync carries, last writer wins each (created_at never changes). */
export const CAMPAIGN_FIELDS = [
  'name',
  'audience',
  'offer_kind',
  'offer_value',
  'offer_text',
  'min_purchase',
  'valid_from',
  'valid_to',
  'holdout_percent',
  'status',
  'issued_at',
  'updated_at',
] as const;
export type CampaignField = (typeof CAMPAIGN_FIELDS)[number];

type FieldClock = [hlc: Hlc, install: string];

export interface CampaignEntry {
  t: 'campaign';
  gid: string;
  created_at: string;
  fields: Record<CampaignField, [value: string | number | null, clock: FieldClock]>;
  /** The audience as issued: customer global id and 1 when held out (no coupon). */
  members: [customer: string, holdout: number][];
}

export interface CouponEntry {
  t: 'coupon';
  gid: string;
  code: string;
  campaign: string;
  customer: string | null;
  usage_limit: number;
  issued_at: string;
  voided_at: string | null;
  void_reason: string | null;
  /** The clock of the coupon's latest entry. */
  hlc: Hlc;
  install: string;
}

/** The entries of this module, one member of entries.ts's FeedEntry. */
export type OfferEntry = CampaignEntry | CouponEntry;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const int = z.number().int();
const clock = z.tuple([int.min(0), z.union([uuid, z.literal('')])]);
const value = z.union([z.string(), int, z.null()]);

export const campaignEntrySchema = z.object({
  t: z.literal('campaign'),
  gid: uuid,
  created_at: z.string(),
  fields: z.object(Object.fromEntries(CAMPAIGN_FIELDS.map((f) => [f, z.tuple([value, clock])])) as Record<string, z.ZodType>),
  members: z.array(z.tuple([uuid, z.union([z.literal(0), z.literal(1)])])),
});

export const couponEntrySchema = z.object({
  t: z.literal('coupon'),
  gid: uuid,
  code: z.string().min(1),
  campaign: uuid,
  customer: uuid.nullable(),
  usage_limit: int.min(1),
  issued_at: z.string(),
  voided_at: z.string().nullable(),
  void_reason: z.string().nullable(),
  hlc: int.min(0),
  install: z.union([uuid, z.literal('')]),
});
