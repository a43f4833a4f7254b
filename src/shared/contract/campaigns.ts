/**
 * Campaigns and coupons (issue 15): who a campaign is for, what it offers and when; issuing its
 * coupons (a snapshot of the audience); checking a code at the counter before the sale; results.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money';
import { RFM_SEGMENTS, type RfmSegment } from '../rfm';
import { id, isoDate, out } from './schema';
import { LIFECYCLE_GROUPS, type LifecycleGroup } from './segments';

export type CampaignAudience =
  | { kind: 'segment'; segmentId: string }
  | { kind: 'rfm'; segment: RfmSegment }
  | { kind: 'lifecycle'; group: LifecycleGroup }
  | { kind: 'tier'; tier: string }
  /** No members: one shared code (a flyer) that usageLimit purchases may use. */
  | { kind: 'flyer'; usageLimit: number };

export type CampaignOffer =
  | { kind: 'percent'; percent: number }
  | { kind: 'amount'; amount: number }
  | { kind: 'item'; text: string }
  | { kind: 'points'; points: number };

export const CAMPAIGN_STATUSES = ['draft', 'issued', 'paused'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const COUPON_STATES = ['issued', 'redeemed', 'expired', 'void'] as const;
export type CouponState = (typeof COUPON_STATES)[number];

export interface Campaign {
  id: string;
  name: string;
  audience: CampaignAudience;
  offer: CampaignOffer;
  /** Minor units; 0 = none. Compared with the purchase before the discount. */
  minPurchase: number;
  /** Shop-local days, both included. */
  validFrom: string;
  validTo: string;
  holdoutPercent: number;
  status: CampaignStatus;
  issuedAt: string | null;
  createdAt: string;
  /** Audience snapshot (0 before issuing) and coupons. */
  members: number;
  heldOut: number;
  coupons: number;
  /** Uses of the campaign's coupons by live (not voided) purchases. */
  redemptions: number;
  /** The flyer's code, once issued. */
  sharedCode: string | null;
}

export interface CampaignCoupon {
  id: string;
  code: string;
  customerId: string | null;
  customerCode: string | null;
  customerName: string | null;
  phone: string | null;
  state: CouponState;
  usedCount: number;
  usageLimit: number;
  /** The latest live purchase that used it. */
  lastUsedAt: string | null;
}

/** What a code would do to this purchase (coupons.check); the sale applies exactly this. */
export interface CouponQuote {
  couponId: string;
  code: string;
  campaignId: string;
  campaignName: string;
  offer: CampaignOffer;
  amountBefore: number;
  discount: number;
  amountAfter: number;
  bonusPoints: number;
  /** A personal coupon's holder (the sale goes to them when no customer was chosen). */
  holderId: string | null;
  holderName: string | null;
  validTo: string;
}

/** A share with its Wilson 95% interval (0–1). */
export interface Share {
  count: number;
  of: number;
  share: number;
  low: number;
  high: number;
}
export interface CampaignResults {
  campaignId: string;
  issued: number;
  redeemed: number;
  /** redeemed / issued, 0–1 (a shared code: uses / limit). */
  redemptionRate: number;
  /** Live purchases that used one of the campaign's coupons: amount paid and amount before discounts. */
  redeemingRevenue: number;
  redeemingRevenueBefore: number;
  /** The window so far: validFrom … min(validTo, today). Null before it starts. */
  window: { from: string; to: string } | null;
  /** Present when the campaign had a hold-out. */
  comparison: {
    coupon: { visited: Share; spend: number; spendPerMember: number };
    holdout: { visited: Share; spend: number; spendPerMember: number };
    /** Coupon group's visit share minus the hold-out's, with Newcombe's 95% interval (hybrid Wilson score). */
    difference: { estimate: number; low: number; high: number };
    /** 'better' / 'worse' when the interval excludes zero, else 'cannot_tell'. */
    verdict: 'better' | 'worse' | 'cannot_tell';
  } | null;
}

const name = z
  .string()
  .max(120)
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .refine((s) => s.length > 0, { message: 'a campaign needs a name', params: { reason: 'required' } });

const money = z
  .number({ message: 'the amount must be a number' })
  .int({ message: 'the amount must be a whole number of the smallest unit' })
  .min(0, { message: 'the amount cannot be negative' })
  .max(MAX_AMOUNT_MINOR, { message: 'the amount is too large' });

export const campaignAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), segmentId: id }),
  z.object({ kind: z.literal('rfm'), segment: z.enum(RFM_SEGMENTS) }),
  z.object({ kind: z.literal('lifecycle'), group: z.enum(LIFECYCLE_GROUPS) }),
  z.object({ kind: z.literal('tier'), tier: z.string().trim().min(1).max(40) }),
  z.object({
    kind: z.literal('flyer'),
    usageLimit: z.number().int().min(1, { message: 'a flyer code needs at least one use' }).max(1_000_000),
  }),
]);

export const campaignOffer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(99, { message: 'a percentage off must be 1 to 99' }) }),
  z.object({ kind: z.literal('amount'), amount: money.min(1, { message: 'the amount off must be more than zero' }) }),
  z.object({ kind: z.literal('item'), text: z.string().trim().min(1, { message: 'say which item' }).max(200) }),
  z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(1_000_000) }),
]);

export const campaignInput = z
  .object({
    name,
    audience: campaignAudience,
    offer: campaignOffer,
    minPurchase: money.default(0),
    validFrom: isoDate,
    validTo: isoDate,
    holdoutPercent: z.number().int().min(0).max(50, { message: 'hold back at most half of the audience' }).default(0),
  })
  .refine((c) => c.validFrom <= c.validTo, { message: 'the campaign must end on or after its first day', path: ['validTo'] })
  // The sale's total must stay above zero (sales.total > 0): an amount off needs a larger minimum purchase.
  .refine((c) => c.offer.kind !== 'amount' || c.minPurchase > c.offer.amount, {
    message: 'the minimum purchase must be more than the amount off',
    path: ['minPurchase'],
    params: { reason: 'min_above_offer' },
  })
  .refine((c) => c.audience.kind !== 'flyer' || c.holdoutPercent === 0, {
    message: 'a flyer has no members to hold back',
    path: ['holdoutPercent'],
  });
export type CampaignInput = z.output<typeof campaignInput>;

const couponCodeText = z.string().max(64);

export const campaignsContract = {
  'campaigns.audienceCount': { input: z.object({ audience: campaignAudience }), output: out<{ count: number }>() },
  'campaigns.create': { input: campaignInput, output: out<Campaign>() },
  'campaigns.list': { input: z.object({}).optional(), output: out<Campaign[]>() },
  'campaigns.get': { input: z.object({ id }), output: out<Campaign>() },
  /** Takes the audience snapshot and writes its coupons (once). */
  'campaigns.issue': { input: z.object({ id }), output: out<Campaign>() },
  'campaigns.setPaused': { input: z.object({ id, paused: z.boolean() }), output: out<Campaign>() },
  'campaigns.results': { input: z.object({ id }), output: out<CampaignResults>() },
  'campaigns.coupons': {
    input: z.object({ id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
    output: out<{ total: number; items: CampaignCoupon[] }>(),
  },
  /** What the code would do to this purchase, or the exact reason it cannot be used (nothing is written). */
  'coupons.check': {
    input: z.object({
      code: couponCodeText,
      customerId: id.nullish().transform((v) => v ?? null),
      amount: money.min(1, { message: 'the amount must be more than zero' }),
    }),
    output: out<CouponQuote>(),
  },
  'coupons.void': {
    input: z.object({
      id,
      reason: z
        .string()
        .max(300)
        .transform((s) => s.trim())
        .refine((s) => s.length > 0, { message: 'a reason is required', params: { reason: 'required' } }),
    }),
    output: out<CampaignCoupon>(),
  },
} as const;
