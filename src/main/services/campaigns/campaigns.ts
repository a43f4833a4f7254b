/** Campaign definitions: create, read, list, pause. Issuing is issue.ts; the counter's side is redeem.ts. */
import type {
  Campaign,
  CampaignAudience,
  CampaignInput,
  CampaignOffer,
  CampaignStatus,
  CouponState,
} from '../../../shared/contract/campaigns';
import { AppError } from '../../../shared/errors';
import type { CampaignsTable } from '../../db/schema';
import { logChange } from '../../db/changeLog';
import type { Ctx, Tx } from '../context';
import { apiId, newGid, storedGid } from '../keys';

export function offerOf(r: Pick<CampaignsTable, 'offer_kind' | 'offer_value' | 'offer_text'>): CampaignOffer {
  switch (r.offer_kind) {
    case 'percent':
      return { kind: 'percent', percent: r.offer_value };
    case 'amount':
      return { kind: 'amount', amount: r.offer_value };
    case 'points':
      return { kind: 'points', points: r.offer_value };
    default:
      return { kind: 'item', text: r.offer_text ?? '' };
  }
}

function offerColumns(o: CampaignOffer): Pick<CampaignsTable, 'offer_kind' | 'offer_value' | 'offer_text'> {
  switch (o.kind) {
    case 'percent':
      return { offer_kind: 'percent', offer_value: o.percent, offer_text: null };
    case 'amount':
      return { offer_kind: 'amount', offer_value: o.amount, offer_text: null };
    case 'points':
      return { offer_kind: 'points', offer_value: o.points, offer_text: null };
    case 'item':
      return { offer_kind: 'item', offer_value: 0, offer_text: o.text };
  }
}

/** A coupon's state on a shop-local day: void and used up are facts; expired follows from the window. */
export function couponState(
  c: { voided_at: string | null; used_count: number; usage_limit: number },
  validTo: string,
  today: string,
): CouponState {
  if (c.voided_at) return 'void';
  if (c.used_count >= c.usage_limit) return 'redeemed';
  if (today > validTo) return 'expired';
  return 'issued';
}

interface Tallies {
  members: number;
  heldOut: number;
  coupons: number;
  redemptions: number;
  sharedCode: string | null;
}

/** Per campaign key. */
async function tallies(tx: Tx, ids: number[]): Promise<Map<number, Tallies>> {
  const out = new Map<number, Tallies>(ids.map((id) => [id, { members: 0, heldOut: 0, coupons: 0, redemptions: 0, sharedCode: null }]));
  if (ids.length === 0) return out;
  const members = await tx
    .selectFrom('campaign_members')
    .where('campaign_id', 'in', ids)
    .groupBy('campaign_id')
    .select((eb) => ['campaign_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('holdout').as('held')])
    .execute();
  for (const m of members) Object.assign(out.get(m.campaign_id)!, { members: Number(m.n), heldOut: Number(m.held ?? 0) });
  const coupons = await tx
    .selectFrom('coupons')
    .where('campaign_id', 'in', ids)
    .groupBy('campaign_id')
    .select((eb) => [
      'campaign_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('used_count').as('used'),
      // A flyer has exactly one coupon, with no holder.
      eb.fn.max(eb.case().when('customer_id', 'is', null).then(eb.ref('code')).end()).as('shared'),
    ])
    .execute();
  for (const c of coupons) {
    Object.assign(out.get(c.campaign_id)!, { coupons: Number(c.n), redemptions: Number(c.used ?? 0), sharedCode: c.shared ?? null });
  }
  return out;
}

/** A campaign's row as read: its local key and its global id. */
export type CampaignRow = Omit<CampaignsTable, 'id'> & { id: number };

function toCampaign(r: CampaignRow, t: Tallies): Campaign {
  return {
    id: apiId(r.gid),
    name: r.name,
    audience: JSON.parse(r.audience) as CampaignAudience,
    offer: offerOf(r),
    minPurchase: r.min_purchase,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    holdoutPercent: r.holdout_percent,
    status: r.status as CampaignStatus,
    issuedAt: r.issued_at,
    createdAt: r.created_at,
    ...t,
  };
}

/** The campaign an API id names, or NOT_FOUND on `field`. */
export async function campaignRow(tx: Tx, id: string, field = 'id'): Promise<CampaignRow> {
  const gid = storedGid(id);
  const row = gid ? await tx.selectFrom('campaigns').selectAll().where('gid', '=', gid).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No campaign with this id.', { field });
  return row;
}

async function campaignByKey(tx: Tx, key: number): Promise<Campaign> {
  const row = await tx.selectFrom('campaigns').selectAll().where('id', '=', key).executeTakeFirstOrThrow();
  return toCampaign(row, (await tallies(tx, [key])).get(key)!);
}

export async function getCampaign(tx: Tx, id: string): Promise<Campaign> {
  return campaignByKey(tx, (await campaignRow(tx, id)).id);
}

export async function listCampaigns(tx: Tx): Promise<Campaign[]> {
  const rows = await tx.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const t = await tallies(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCampaign(r, t.get(r.id)!));
}

export async function createCampaign(ctx: Ctx, input: CampaignInput): Promise<Campaign> {
  return ctx.db.transaction().execute(async (trx) => {
    if (input.audience.kind === 'segment') {
      const gid = storedGid(input.audience.segmentId);
      const seg = gid
        ? await trx.selectFrom('segments').select('id').where('gid', '=', gid).where('deleted_at', 'is', null).executeTakeFirst()
        : undefined;
      if (!seg) throw new AppError('NOT_FOUND', 'No saved segment with this id.', { field: 'audience.segmentId' });
    }
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('campaigns')
      .values({
        gid: newGid(),
        name: input.name,
        audience: JSON.stringify(input.audience),
        ...offerColumns(input.offer),
        min_purchase: input.minPurchase,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        holdout_percent: input.holdoutPercent,
        status: 'draft',
        issued_at: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logChange(trx, 'campaign', id, 'create', at);
    return campaignByKey(trx, id);
  });
}

/** A paused campaign's coupons are refused at the counter until it is resumed. */
export async function setCampaignPaused(ctx: Ctx, id: string, paused: boolean): Promise<Campaign> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await campaignRow(trx, id);
    if (row.status === 'draft') throw new AppError('VALIDATION', 'Issue the campaign before pausing it.', { field: 'id' });
    const status = paused ? 'paused' : 'issued';
    if (row.status !== status) {
      const at = ctx.now().toISOString();
      await trx.updateTable('campaigns').set({ status, updated_at: at }).where('id', '=', row.id).execute();
      await logChange(trx, 'campaign', row.id, paused ? 'pause' : 'resume', at, ['status']);
    }
    return campaignByKey(trx, row.id);
  });
}
