/** The shop's earning rule: `points` points for every full `every` minor units spent. */
export interface PointsRule {
  every: number;
  points: number;
}

export function pointsFor(amountMinor: number, rule: PointsRule): number {
  if (rule.every <= 0 || rule.points <= 0 || amountMinor <= 0) return 0;
  return Math.floor(amountMinor / rule.every) * rule.points;
}
