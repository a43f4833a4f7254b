/**
 * Issuing a campaign: the audience snapshot (members and hold-out), one coupon per member or one
 * shared code, the change log, the campaign marked issued — all in one transaction, once.
 * The rows go through prepared statements (bulk.ts): through kysely's async driver each insert
 * is an await and a compile, which at 10,000 members costs more than the inserts themselves.
 */
import type { CampaignAudience, Campaign } from '../../../shared/contract/campaigns';
import { couponInstallPrefix, makeCouponCode } from '../../../shared/couponCode';
import { AppError } from '../../../shared/errors';
import { changeLogBatch, logChange } from '../../db/changeLog';
import { preparedInsert, preparedQuery } from '../../db/prepared';
import { reserveSequence, type BulkDb } from '../bulk';
import type { Ctx } from '../context';
import { apiId, newGid } from '../keys';
import { installTagSync } from '../install';
import { audienceMembers } from './audience';
import { campaignRow, getCampaign } from './campaigns';
import { inHoldout } from './holdout';

/** What this install puts in front of its coupon codes; called inside the issuing transaction. */
export function couponCodePrefix(k: BulkDb): string {
  return couponInstallPrefix(installTagSync(k));
}

/**
 * Who of `members` (customer keys) is held out. The draw hashes the global ids, not the keys, so
 * it is the same whichever install issues the campaign and survives any re-keying of the file.
 */
function heldOut(k: BulkDb, campaignId: string, members: number[], percent: number): boolean[] {
  if (percent <= 0) return members.map(() => false);
  const gidOf = preparedQuery(k, k.db.selectFrom('customers').select('gid').where('id', '=', 0));
  return members.map((m) => inHoldout(campaignId, apiId((gidOf.get(m) as { gid: Uint8Array }).gid), percent));
}

export async function issueCampaign(ctx: Ctx, id: string): Promise<Campaign> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('issueCampaign needs the connection handle (openBackend sets ctx.sqlite)');
  const before = await campaignRow(ctx.db, id);
  if (before.status !== 'draft') throw new AppError('CAMPAIGN_ALREADY_ISSUED', 'This campaign was already issued.', { field: 'id' });
  const audience = JSON.parse(before.audience) as CampaignAudience;
  // Evaluated before the write transaction (RFM reads the whole history); the snapshot is what it returned.
  const members = await audienceMembers(ctx, audience);
  if (audience.kind !== 'flyer' && members.length === 0) {
    throw new AppError('CAMPAIGN_EMPTY', 'Nobody is in this audience today, so there is nobody to give a coupon.', { field: 'audience' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await campaignRow(trx, id);
    if (row.status !== 'draft') throw new AppError('CAMPAIGN_ALREADY_ISSUED', 'This campaign was already issued.', { field: 'id' });
    const at = ctx.now().toISOString();
    const k: BulkDb = { db: ctx.db, sqlite };
    const log = changeLogBatch(k);
    const insertCoupon = preparedInsert(k, 'coupons', ['gid', 'code', 'campaign_id', 'customer_id', 'usage_limit', 'issued_at']);
    const issue = (values: unknown[]): void => log('coupon', Number(insertCoupon(values).lastInsertRowid), 'issue', at);
    const prefix = couponCodePrefix(k);
    if (audience.kind === 'flyer') {
      issue([newGid(), makeCouponCode(prefix, reserveSequence(k, 'coupon', 1)), row.id, null, audience.usageLimit, at]);
    } else {
      const insertMember = preparedInsert(k, 'campaign_members', ['campaign_id', 'customer_id', 'holdout']);
      const held = heldOut(k, apiId(row.gid), members, row.holdout_percent);
      let next = reserveSequence(k, 'coupon', held.filter((h) => !h).length);
      members.forEach((customerId, i) => {
        insertMember([row.id, customerId, held[i] ? 1 : 0]);
        if (!held[i]) issue([newGid(), makeCouponCode(prefix, next++), row.id, customerId, 1, at]);
      });
    }
    await trx.updateTable('campaigns').set({ status: 'issued', issued_at: at, updated_at: at }).where('id', '=', row.id).execute();
    await logChange(trx, 'campaign', row.id, 'issue', at, ['status', 'issued_at']);
    return getCampaign(trx, id);
  });
}
