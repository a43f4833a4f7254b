/**
 * The consent rule for sync (issue 18). A customer's marketing consent, its date and its source are
 * one answer: they follow the latest consent event as a group (the latest clock of the three), not
 * field by field, so a grant's date never sits beside another till's withdrawal. At the same HLC on
 * two installs a withdrawal wins, whatever the install ids: a shop must never write to someone who
 * said no at that moment. Between two answers of the same kind the install id breaks the tie.
 */
import type { Clock } from './entries';

export const CONSENT_FIELDS = ['consent_marketing', 'consent_date', 'consent_source'] as const;
const CONSENT = new Set<string>(CONSENT_FIELDS);
export const isConsentField = (f: string): boolean => CONSENT.has(f);

export interface ConsentSide {
  /** consent_marketing: 1 given, 0 not. */
  given: number;
  clocks: Clock[];
}

const latest = (clocks: Clock[]): Clock => clocks.reduce<Clock>((m, c) => (c[0] > m[0] || (c[0] === m[0] && c[1] > m[1]) ? c : m), [0, '']);

/** True when the incoming answer replaces the local one. Order-independent: a total order on (hlc, withdrawal first, install). */
export function consentWins(incoming: ConsentSide, local: ConsentSide): boolean {
  const [a, b] = [latest(incoming.clocks), latest(local.clocks)];
  if (a[0] !== b[0]) return a[0] > b[0];
  if (incoming.given !== local.given) return incoming.given === 0;
  return a[1] > b[1];
}
