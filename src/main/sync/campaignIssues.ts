/**
 * "Found while syncing": a draft campaign issued on two tills before they synced (issue 18). Each
 * till wrote its own coupons, so members hold two; the finding names the campaign, how many members
 * hold two, and what withdrawing the later set would cancel and keep (services/campaigns/issueSets.ts
 * orders the sets alike everywhere). Withdrawn (nothing left to cancel), it is gone everywhere.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { campaignsIssuedTwice, issueSets, membersHoldingTwo } from '../services/campaigns/issueSets';
import type { Found } from './findings';

export async function campaignIssuedTwice(
  db: Kysely<Database>,
  keys: number[],
  installId: ReadonlyMap<number, string>,
): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  for (const key of await campaignsIssuedTwice(db, keys)) {
    const sets = await issueSets(db, key, installId);
    const later = sets.slice(1);
    const withdraw = later.reduce((n, s) => n + s.open, 0);
    if (withdraw === 0) continue;
    out.set(key, {
      rows: [],
      detail: {
        sets: sets.length,
        members: await membersHoldingTwo(db, key),
        withdraw,
        used: later.reduce((n, s) => n + s.used, 0),
      },
      at: Date.parse(later[0]!.issuedAt),
      installs: [...new Set(sets.map((s) => s.install).filter((i) => i !== ''))].sort(),
    });
  }
  return out;
}
