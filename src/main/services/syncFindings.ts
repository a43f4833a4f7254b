/**
 * "Found while syncing" for the Sync page (issue 18): the findings sync/findings.ts keeps, with the
 * customer and coupon they name, unseen first, and the owner's seen mark (this till's own, 0113).
 */
import type { SyncFinding, SyncFindingRow, SyncFindings } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import type { Ctx } from './context';
import { sql } from 'kysely';
import { apiId, isoOf } from './keys';

const ROW_KINDS = new Set(['purchase', 'points']);

const unseenCount = async (ctx: Ctx): Promise<number> =>
  Number(
    (
      await ctx.db
        .selectFrom('sync_findings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seen_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Unseen first, each newest first; the seen ones only with `withSeen`. */
export async function listSyncFindings(ctx: Ctx, limit: number, withSeen: boolean): Promise<SyncFindings> {
  const tags = new Map((await ctx.db.selectFrom('installs').select(['id', 'tag']).execute()).map((i) => [i.id, i.tag]));
  const total = await ctx.db
    .selectFrom('sync_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom('sync_findings as f')
    .leftJoin('coupons as k', 'k.gid', 'f.subject')
    .leftJoin('campaigns as m', 'm.id', 'k.campaign_id')
    .leftJoin('campaigns as g', 'g.gid', 'f.subject')
    // A coupon's finding names its holder; a customer's, the customer.
    .leftJoin('customers as c', (j) =>
      j.on((eb) => eb.or([eb('c.gid', '=', eb.ref('f.subject')), eb('c.id', '=', eb.ref('k.customer_id'))])),
    )
    .$if(!withSeen, (q) => q.where('f.seen_at', 'is', null))
    .select([
      'f.id',
      'f.seen_at',
      'f.kind',
      'f.rows',
      'f.detail',
      'f.at',
      'f.installs',
      'k.gid as coupon_gid',
      'k.code',
      'm.gid as campaign_gid',
      'm.name as campaign_name',
      'g.gid as subject_campaign_gid',
      'g.name as subject_campaign_name',
      'c.gid as customer_gid',
      'c.code as customer_code',
      'c.full_name',
    ])
    .orderBy(sql`f.seen_at IS NOT NULL`)
    .orderBy('f.at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(limit)
    .execute();
  return {
    total: Number(total.n),
    unseen: await unseenCount(ctx),
    items: rows.map((r): SyncFinding => ({
      id: String(r.id),
      seen: r.seen_at !== null,
      kind: r.kind,
      at: isoOf(r.at),
      customer: r.customer_gid ? { id: apiId(r.customer_gid), code: r.customer_code!, name: r.full_name! } : null,
      coupon:
        r.coupon_gid && r.campaign_gid
          ? { id: apiId(r.coupon_gid), code: r.code!, campaignId: apiId(r.campaign_gid), campaignName: r.campaign_name! }
          : null,
      campaign: r.subject_campaign_gid ? { id: apiId(r.subject_campaign_gid), name: r.subject_campaign_name! } : null,
      rows: (JSON.parse(r.rows) as string[]).flatMap((g): SyncFindingRow[] => {
        const [kind, install, key] = g.split(':');
        return ROW_KINDS.has(kind!)
          ? [{ kind: kind as SyncFindingRow['kind'], install: install!, tag: tags.get(install!) ?? null, key: Number(key) }]
          : [];
      }),
      tills: (JSON.parse(r.installs) as string[]).map((install) => ({ install, tag: tags.get(install) ?? null })),
      detail: JSON.parse(r.detail) as SyncFinding['detail'],
    })),
  };
}

/** The owner's mark on one finding (its key here); a finding found again saying something else is unseen again. */
export async function setFindingSeen(ctx: Ctx, id: string, seen: boolean): Promise<{ id: string; seen: boolean; unseen: number }> {
  const done = await ctx.db
    .updateTable('sync_findings')
    .set({ seen_at: seen ? ctx.now().getTime() : null })
    .where('id', '=', Number(id))
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'No finding with this id.', { field: 'id' });
  return { id, seen, unseen: await unseenCount(ctx) };
}
