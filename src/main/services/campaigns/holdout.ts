/**
 * Who is held out of a campaign: a deterministic draw from a hash of campaign id and customer id
 * (their global ids, as the API writes them), so the same campaign always holds out the same
 * people (a re-run of results, a test, an audit) and different campaigns hold out different ones.
 * SHA-256's first 32 bits are uniform enough that "10%" means 10% up to chance; ~1 µs a member.
 */
import { createHash } from 'node:crypto';

export function inHoldout(campaignId: string, customerId: string, percent: number): boolean {
  if (percent <= 0) return false;
  const h = createHash('sha256').update(campaignId).update('\u0000').update(customerId).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < percent / 100;
}
