/**
 * Membership tiers: derived from each customer's non-voided spend over a rolling window, never
 * stored per customer. The rule lives in settings (key "tierRule"); a shop starts with no tiers.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money';
import { out } from './schema';

export interface Tier {
  name: string;
  /** Spend in the window (minor units) from which a customer is in this tier. */
  minSpend: number;
}
export interface TierRule {
  /** The last windowDays days of the shop's calendar, today included. */
  windowDays: number;
  /** Ascending minSpend, unique names; empty = the shop uses no tiers. */
  tiers: Tier[];
}

export const MAX_TIERS = 5;
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

export const tiersContract = {
  'tiers.getRule': { input: z.object({}).optional(), output: out<TierRule>() },
  'tiers.setRule': { input: tierRuleInput, output: out<TierRule>() },
} as const;
