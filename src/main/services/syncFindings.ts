/** "Found while syncing" for the Sync page (issue 18): the findings sync/findings.ts keeps, with the customer and coupon they name. */
import type { SyncFinding, SyncFindingRow } from '../../shared/contract/sync';
import type { Ctx } from './context';
import { apiId, isoOf } from './keys';

const ROW_KINDS = new Set(['purchase', 'points']);

export async function listSyncFindings(ctx: Ctx, limit: number): Promise<{ total: number; items: SyncFinding[] }> {
  const tags = new Map((await ctx.db.selectFrom('installs').select(['id', 'tag']).execute()).map((i) => [i.id, i.tag]));
  const total = await ctx.db
    .selectFrom('sync_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom('sync_findings as f')
    .leftJoin('coupons as k', 'k.gid', 'f.subject')
    .leftJoin('campaigns as m', 'm.id', 'k.campaign_id')
    // A coupon's finding names its holder; a customer's, the customer.
    .leftJoin('customers as c', (j) =>
      j.on((eb) => eb.or([eb('c.gid', '=', eb.ref('f.subject')), eb('c.id', '=', eb.ref('k.customer_id'))])),
    )
    .select([
      'f.kind',
      'f.rows',
      'f.detail',
      'f.at',
      'f.installs',
      'k.gid as coupon_gid',
      'k.code',
      'm.gid as campaign_gid',
      'm.name as campaign_name',
      'c.gid as customer_gid',
      'c.code as customer_code',
      'c.full_name',
    ])
    .orderBy('f.at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(limit)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r): SyncFinding => ({
      kind: r.kind,
      at: isoOf(r.at),
      customer: r.customer_gid ? { id: apiId(r.customer_gid), code: r.customer_code!, name: r.full_name! } : null,
      coupon:
        r.coupon_gid && r.campaign_gid
          ? { id: apiId(r.coupon_gid), code: r.code!, campaignId: apiId(r.campaign_gid), campaignName: r.campaign_name! }
          : null,
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
