/** A campaign's coupons (paged, with holders and states), checking a code at the counter, cancelling a coupon. */
import type { CampaignCoupon, CouponQuote } from '../../../shared/contract/campaigns';
import { AppError } from '../../../shared/errors';
import { localDate } from '../../../shared/time';
import { logChange } from '../../db/changeLog';
import type { Ctx, Tx } from '../context';
import { apiId, isoOf, keyOf, storedGid } from '../keys';
import { getSettings, readSettingsSync } from '../settings';
import { campaignRow, couponState } from './campaigns';
import { apiQuote, couponStatements, quoteCoupon } from './redeem';

function couponQuery(tx: Tx) {
  return tx
    .selectFrom('coupons as k')
    .leftJoin('customers as c', 'c.id', 'k.customer_id')
    .select((eb) => [
      'k.id',
      'k.gid',
      'k.code',
      'c.gid as customer_gid',
      'c.code as customer_code',
      'c.full_name',
      'c.phone',
      'k.usage_limit',
      'k.used_count',
      'k.voided_at',
      'k.campaign_id',
      eb
        .selectFrom('sales as s')
        .whereRef('s.coupon_id', '=', 'k.id')
        .where('s.voided_at', 'is', null)
        .select((e) => e.fn.max('s.sold_at').as('m'))
        .as('last_used'),
    ]);
}
type CouponRow = Awaited<ReturnType<ReturnType<typeof couponQuery>['executeTakeFirstOrThrow']>>;

function toCoupon(r: CouponRow, validTo: string, today: string): CampaignCoupon {
  return {
    id: apiId(r.gid),
    code: r.code,
    customerId: r.customer_gid ? apiId(r.customer_gid) : null,
    customerCode: r.customer_code ?? null,
    customerName: r.full_name ?? null,
    phone: r.phone ?? null,
    state: couponState(r, validTo, today),
    usedCount: r.used_count,
    usageLimit: r.usage_limit,
    lastUsedAt: r.last_used == null ? null : isoOf(r.last_used),
  };
}

export async function listCoupons(
  ctx: Ctx,
  input: { id: string; offset: number; limit: number },
): Promise<{ total: number; items: CampaignCoupon[] }> {
  const campaign = await campaignRow(ctx.db, input.id);
  const today = localDate(ctx.now(), (await getSettings(ctx.db)).timeZone);
  const total = await ctx.db
    .selectFrom('coupons')
    .where('campaign_id', '=', campaign.id)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  // Customer-code order, as the audience was taken; the flyer's one coupon has no holder.
  const rows = await couponQuery(ctx.db)
    .where('k.campaign_id', '=', campaign.id)
    .orderBy('c.code')
    .orderBy('k.code')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return { total: Number(total.n), items: rows.map((r) => toCoupon(r, campaign.valid_to, today)) };
}

export async function checkCoupon(ctx: Ctx, input: { code: string; customerId: string | null; amount: number }): Promise<CouponQuote> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('checkCoupon needs the connection handle (openBackend sets ctx.sqlite)');
  // On kysely's connection, so it never reads inside another caller's open transaction.
  return ctx.db.connection().execute(async (db) => {
    const customerId = input.customerId === null ? null : await keyOf(db, 'customers', input.customerId, 'customer', 'customerId');
    const shop = readSettingsSync({ db: ctx.db, sqlite });
    const use = quoteCoupon(couponStatements(ctx.db, sqlite), {
      raw: input.code,
      customerId,
      amount: input.amount,
      now: ctx.now(),
      shop,
      field: 'code',
    });
    return apiQuote(use);
  });
}

/** A cancelled coupon is refused at the counter; one already used stays as it is (the purchase is the fact). */
export async function voidCoupon(ctx: Ctx, id: string, reason: string): Promise<CampaignCoupon> {
  return ctx.db.transaction().execute(async (trx) => {
    const gid = storedGid(id);
    const row = gid ? await couponQuery(trx).where('k.gid', '=', gid).executeTakeFirst() : undefined;
    if (!row) throw new AppError('NOT_FOUND', 'No coupon with this id.', { field: 'id' });
    if (row.voided_at)
      throw new AppError('COUPON_VOID', `Coupon ${row.code} was already cancelled.`, { field: 'id', params: { code: row.code } });
    if (row.used_count > 0)
      throw new AppError('COUPON_ALREADY_USED', `Coupon ${row.code} was already used.`, { field: 'id', params: { code: row.code } });
    const at = ctx.now().toISOString();
    await trx.updateTable('coupons').set({ voided_at: at, void_reason: reason }).where('id', '=', row.id).execute();
    await logChange(trx, 'coupon', row.id, 'void', at, ['voided_at', 'void_reason']);
    const campaign = await trx.selectFrom('campaigns').select('valid_to').where('id', '=', row.campaign_id).executeTakeFirstOrThrow();
    const today = localDate(ctx.now(), (await getSettings(trx)).timeZone);
    return toCoupon({ ...row, voided_at: at }, campaign.valid_to, today);
  });
}
