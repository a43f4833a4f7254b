/**
 * Membership tiers: derived from each customer's non-voided spend over a rolling window, never
 * stored per customer. The rule lives in settings (key "tierRule"); a shop starts with no tiers.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money';
import { id, isoDate, out } from './schema';

export interface Tier {
  name: string;
  /** Spend in the window (minor units) from which a customer is in this tier. */
  minSpend: number;
  /** What the tier gives, in the shop's words ("10% off drinks"); shown at the counter. '' = nothing said. */
  benefit: string;
  /** Points earned per amount are multiplied by this (1 to 10, two decimals), rounded down. */
  multiplier: number;
}
export interface TierRule {
  /** The last windowDays days of the shop's calendar, today included. */
  windowDays: number;
  /** Ascending minSpend, unique names; empty = the shop uses no tiers. */
  tiers: Tier[];
}

/** A tier the owner set by hand: the customer is at least in it until `until` (the shop's local date, inclusive). */
export interface TierFloor {
  tier: string;
  reason: string;
  until: string;
  setAt: string;
}

/** Where a customer stands now (shared/tiers.ts tierStatusOf). */
export interface TierStatus {
  /** The tier in force: what the spend reaches, or the floor when higher. */
  tier: string | null;
  /** What the spend alone reaches. */
  earnedTier: string | null;
  /** Non-voided spend in the window (minor units). */
  spend: number;
  benefit: string | null;
  multiplier: number;
  /** The hand-set floor while it lasts (and names a tier of the rule). */
  floor: TierFloor | null;
  /** The next tier above the one in force, and the spend still missing for it. */
  next: { name: string; toGo: number } | null;
}

/**
 * The shop's earning rules besides points per amount (settings.pointsRule): points per visit (a
 * purchase by a customer), a sign-up bonus (customers created in the app, not imported ones) and
 * a birthday bonus (once a year). 0 = off. Stored in settings under "earningRule".
 */
export interface EarningRule {
  perVisit: number;
  signupBonus: number;
  birthdayBonus: number;
}
export const DEFAULT_EARNING_RULE: EarningRule = { perVisit: 0, signupBonus: 0, birthdayBonus: 0 };

export const MAX_TIERS = 5;
export const MAX_MULTIPLIER = 10;
/** The tier condition's value for customers below the first tier (a reserved tier name). */
export const NO_TIER = 'none';
export const DEFAULT_TIER_RULE: TierRule = { windowDays: 365, tiers: [] };

const tier = z.object({
  name: z
    .string()
    .max(40, { message: 'a tier name may have at most 40 characters' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .refine((s) => s.length > 0, { message: 'a tier needs a name' })
    .refine((s) => s.toLowerCase() !== NO_TIER, { message: `"${NO_TIER}" is reserved for customers below the first tier` }),
  minSpend: z
    .number({ message: 'the minimum spend must be a number' })
    .int({ message: 'the minimum spend must be a whole number of the smallest unit' })
    .min(0, { message: 'the minimum spend cannot be negative' })
    .max(MAX_AMOUNT_MINOR, { message: 'the minimum spend is too large' }),
  benefit: z
    .string()
    .max(200, { message: 'a benefit may have at most 200 characters' })
    .optional()
    .transform((s) => (s ?? '').trim()),
  multiplier: z
    .number({ message: 'the multiplier must be a number' })
    .min(1, { message: 'the multiplier must be from 1 to 10' })
    .max(MAX_MULTIPLIER, { message: 'the multiplier must be from 1 to 10' })
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, { message: 'the multiplier may have at most two decimals' })
    .optional()
    .transform((n) => n ?? 1),
});

export const tierRuleInput = z
  .object({
    windowDays: z
      .number({ message: 'the window must be a number of days' })
      .int({ message: 'the window must be a whole number of days' })
      .min(1, { message: 'the window must be at least 1 day' })
      .max(3650, { message: 'the window may be at most 3650 days' }),
    tiers: z.array(tier).max(MAX_TIERS, { message: `at most ${MAX_TIERS} tiers` }),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.tiers.forEach((t, i) => {
      const key = t.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'tier names must be different', path: ['tiers', i, 'name'] });
      seen.add(key);
      if (i > 0 && t.minSpend <= r.tiers[i - 1]!.minSpend)
        ctx.addIssue({
          code: 'custom',
          message: 'each tier needs a higher minimum spend than the one before',
          path: ['tiers', i, 'minSpend'],
        });
    });
  });

const points = (what: string) =>
  z
    .number({ message: `${what} must be a number` })
    .int({ message: `${what} must be whole points` })
    .min(0, { message: `${what} cannot be negative` })
    .max(1_000_000, { message: `${what} may be at most 1,000,000` });

export const earningRuleInput = z.object({
  perVisit: points('points per visit'),
  signupBonus: points('the sign-up bonus'),
  birthdayBonus: points('the birthday bonus'),
});

const floorReason = z
  .string()
  .max(300)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, { message: 'a reason is required', params: { reason: 'required' } });

export const tiersContract = {
  'tiers.getRule': { input: z.object({}).optional(), output: out<TierRule>() },
  'tiers.setRule': { input: tierRuleInput, output: out<TierRule>() },
  /** A customer's tier now, with the next tier and what is left to spend for it. */
  'tiers.status': { input: z.object({ customerId: id }), output: out<TierStatus>() },
  /** The owner sets a tier by hand: a floor until a date (today or later), always with a reason. */
  'tiers.setFloor': {
    input: z.object({ customerId: id, tier: z.string().min(1).max(40), until: isoDate, reason: floorReason }),
    output: out<TierStatus>(),
  },
  /** The owner ends a hand-set tier before its date, with a reason. */
  'tiers.clearFloor': { input: z.object({ customerId: id, reason: floorReason }), output: out<TierStatus>() },
  'earning.getRule': { input: z.object({}).optional(), output: out<EarningRule>() },
  'earning.setRule': { input: earningRuleInput, output: out<EarningRule>() },
} as const;
