/**
 * The owner's answer to a campaign issued on two tills before they synced (issue 18, issueSets.ts):
 * every set but the first is withdrawn.
 */
import type { WithdrawnCoupons } from '../../../shared/contract/sync';
import { AppError } from '../../../shared/errors';
import { changeLogBatch } from '../../db/changeLog';
import type { Database } from '../../db/schema';
import { refreshFindings } from '../../sync/findings';
import type { Kysely } from 'kysely';
import type { BulkDb } from '../bulk';
import type { Ctx } from '../context';
import { campaignRow } from './campaigns';
import { issueSets } from './issueSets';

/** The cancellation's reason: one text, so two tills withdrawing at one moment write the same row. */
export const WITHDRAW_REASON = 'issued twice';

const installIds = async (db: Kysely<Database>): Promise<Map<number, string>> =>
  new Map((await db.selectFrom('installs').select(['key', 'id']).execute()).map((i) => [i.key, i.id]));

/**
 * The owner's answer to a campaign issued twice: every set but the first is withdrawn, its coupons
 * not used cancelled (each a logged cancellation that travels; two tills doing it cancel the same
 * coupons, the earlier cancellation wins), a used one kept and named. Again: nothing left, 0.
 */
export async function withdrawLaterCoupons(ctx: Ctx, id: string): Promise<WithdrawnCoupons> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('withdrawLaterCoupons needs the connection handle (openBackend sets ctx.sqlite)');
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await campaignRow(trx, id);
    const installs = await installIds(trx);
    const later = (await issueSets(trx, campaign.id, installs)).slice(1).map((s) => s.issuedAt);
    if (later.length === 0)
      throw new AppError('CAMPAIGN_NOT_ISSUED_TWICE', 'This campaign’s coupons come from one issuing: there is nothing to withdraw.', {
        field: 'id',
      });
    const coupons = await trx
      .selectFrom('coupons as k')
      .leftJoin('customers as c', 'c.id', 'k.customer_id')
      .select(['k.id', 'k.code', 'k.used_count', 'k.voided_at', 'c.code as customer_code', 'c.full_name'])
      .where('k.campaign_id', '=', campaign.id)
      .where('k.issued_at', 'in', later)
      .orderBy('k.code')
      .execute();
    const open = coupons.filter((k) => k.voided_at === null && k.used_count === 0).map((k) => k.id);
    const at = ctx.now().toISOString();
    const log = changeLogBatch({ db: ctx.db, sqlite } satisfies BulkDb);
    for (let i = 0; i < open.length; i += 500) {
      const some = open.slice(i, i + 500);
      await trx.updateTable('coupons').set({ voided_at: at, void_reason: WITHDRAW_REASON }).where('id', 'in', some).execute();
      for (const k of some) log('coupon', k, 'void', at, ['voided_at', 'void_reason']);
    }
    await refreshFindings(trx, { campaign_issued_twice: [campaign.id] }, installs);
    return {
      id,
      withdrawn: open.length,
      kept: coupons
        .filter((k) => k.used_count > 0)
        .map((k) => ({ code: k.code, customer: k.customer_code === null ? null : { code: k.customer_code, name: k.full_name ?? '' } })),
    };
  });
}
