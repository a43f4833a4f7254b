/**
 * Intervals for shares, honest at the sizes a small shop has (a few dozen customers per group):
 * Wilson's score interval for one share, and Newcombe's hybrid score interval (his method 10,
 * Statistics in Medicine 1998;17:873–890) for the difference of two independent shares. Both keep
 * inside 0–1 and behave at 0/n and n/n, where the textbook p ± z·√(p(1−p)/n) collapses to a point.
 */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson's 95% score interval for count/of; an empty group says nothing: [0, 1]. */
export function wilson(count: number, of: number, z = Z95): Interval {
  if (of <= 0) return { low: 0, high: 1 };
  const p = count / of;
  const z2 = z * z;
  const denom = 1 + z2 / of;
  const centre = (p + z2 / (2 * of)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** p1 − p2 with Newcombe's hybrid score interval, built from each share's Wilson interval. */
export function newcombeDifference(c1: number, n1: number, c2: number, n2: number, z = Z95): Interval & { estimate: number } {
  const p1 = n1 > 0 ? c1 / n1 : 0;
  const p2 = n2 > 0 ? c2 / n2 : 0;
  const a = wilson(c1, n1, z);
  const b = wilson(c2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}
