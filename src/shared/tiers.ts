/**
 * Tiers and earning, as pure functions both sides use: a customer's tier from spend and a hand-set
 * floor, how far the next tier is, what a purchase earns under a tier's multiplier, and which
 * birthdays a day grants (29 February counts on 28 February in other years).
 */
import type { TierFloor, TierRule, TierStatus } from './contract/tiers';

/** The index in rule.tiers of the highest tier `spend` reaches, or -1. */
function tierIndexForSpend(rule: TierRule, spend: number): number {
  let at = -1;
  rule.tiers.forEach((t, i) => {
    if (spend >= t.minSpend) at = i;
  });
  return at;
}

/**
 * Where a customer stands: the tier their spend reaches, raised to a hand-set floor while it lasts
 * (through `until`, a local date, inclusive; a floor naming a tier the rule no longer has counts for
 * nothing), and the next tier above that with what is left to spend for it.
 */
export function tierStatusOf(rule: TierRule, spend: number, floor: TierFloor | null, today: string): TierStatus {
  const earned = tierIndexForSpend(rule, spend);
  const live = floor && floor.until >= today ? floor : null;
  const floorAt = live ? rule.tiers.findIndex((t) => t.name === live.tier) : -1;
  const at = Math.max(earned, floorAt);
  const tier = at >= 0 ? rule.tiers[at]! : null;
  const next = rule.tiers[at + 1];
  return {
    tier: tier?.name ?? null,
    earnedTier: earned >= 0 ? rule.tiers[earned]!.name : null,
    spend,
    benefit: tier?.benefit || null,
    multiplier: tier?.multiplier ?? 1,
    floor: live && floorAt >= 0 ? live : null,
    next: next ? { name: next.name, toGo: Math.max(0, next.minSpend - spend) } : null,
  };
}

/** Points `base` becomes under a multiplier (two decimals at most), rounded down, in integer arithmetic. */
export function multiplied(base: number, multiplier: number): number {
  return Math.floor((base * Math.round(multiplier * 100)) / 100);
}

/** The reason an earning row carries: "purchase" at ×1 (as before tiers had multipliers), else the multiplier and tier. */
export function perAmountReason(multiplier: number, tier: string | null): string {
  return multiplier === 1 || !tier ? 'purchase' : `per amount ×${multiplier} ${tier}`;
}

export const PER_VISIT_REASON = 'per visit';
export const SIGNUP_REASON = 'sign-up bonus';
export const birthdayReason = (year: number): string => `birthday ${year}`;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Whether a birthday (YYYY-MM-DD) is celebrated on `date` (YYYY-MM-DD): 29 February on the 28th in other years. */
export function isBirthdayOn(birthday: string, date: string): boolean {
  const md = birthday.slice(5);
  const day = date.slice(5);
  if (md === day) return true;
  return md === '02-29' && day === '02-28' && !isLeap(Number(date.slice(0, 4)));
}
