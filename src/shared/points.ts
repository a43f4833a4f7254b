/** The shop's earning rule: `points` points for every full `every` minor units spent. */
export interface PointsRule {
  every: number;
  points: number;
}

/** What points are worth when spent: `points` points pay `value` minor units (settings.pointsValue; null = not spendable). */
export interface PointsValue {
  points: number;
  value: number;
}

/** The value of `n` points, rounded down to a whole minor unit (the counter and the backend use this one function). */
export function valueOfPoints(n: number, pv: PointsValue): number {
  return Math.floor((n * pv.value) / pv.points);
}

/**
 * The most points one purchase of `amountMinor` may take: their value stays below the purchase,
 * since a purchase is always for more than zero (sales.total > 0).
 */
export function maxPointsFor(amountMinor: number, pv: PointsValue): number {
  if (amountMinor <= 1) return 0;
  // The largest n with floor(n * value / points) <= amount - 1.
  return Math.floor((amountMinor * pv.points - 1) / pv.value);
}

/**
 * When points earned at `earnedAtIso` expire, `months` calendar months later (UTC; the 31st
 * becomes the month's last day), or null when the shop's points do not expire.
 */
export function expiryOf(earnedAtIso: string, months: number | null): string | null {
  if (!months) return null;
  const d = new Date(earnedAtIso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d);
  out.setUTCDate(1);
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), last));
  return out.toISOString();
}

export function pointsFor(amountMinor: number, rule: PointsRule): number {
  if (rule.every <= 0 || rule.points <= 0 || amountMinor <= 0) return 0;
  return Math.floor(amountMinor / rule.every) * rule.points;
}
