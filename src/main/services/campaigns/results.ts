/**
 * What a campaign brought: its coupons' uses and the money of the purchases that used them, and,
 * when part of the audience was held out, whether the coupon group came back more often than the
 * hold-out over the campaign's window (so far). With a few dozen customers per group the interval
 * is wide, and the answer is then "cannot tell" rather than a percentage that only looks precise.
 */
import type { CampaignAudience, CampaignResults, Share } from '../../../shared/contract/campaigns';
import { newcombeDifference, wilson } from '../../../shared/proportions';
import { localDate } from '../../../shared/time';
import type { Ctx } from '../context';
import { apiId } from '../keys';
import { addDays, localDayStartIso } from '../localTime';
import { getSettings } from '../settings';
import { campaignRow } from './campaigns';

function share(count: number, of: number): Share {
  const i = wilson(count, of);
  return { count, of, share: of > 0 ? count / of : 0, low: i.low, high: i.high };
}

export async function campaignResults(ctx: Ctx, id: string): Promise<CampaignResults> {
  const db = ctx.db;
  const campaign = await campaignRow(db, id);
  const { timeZone } = await getSettings(db);
  const today = localDate(ctx.now(), timeZone);
  const audience = JSON.parse(campaign.audience) as CampaignAudience;

  const coupons = await db
    .selectFrom('coupons')
    .where('campaign_id', '=', campaign.id)
    .select((eb) => [
      eb.fn.countAll<number>().as('issued'),
      eb.fn.sum<number>(eb.case().when('used_count', '>', 0).then(1).else(0).end()).as('used'),
      eb.fn.sum<number>('used_count').as('uses'),
      eb.fn.sum<number>('usage_limit').as('limit'),
    ])
    .executeTakeFirstOrThrow();
  const revenue = await db
    .selectFrom('sales as s')
    .innerJoin('coupons as k', 'k.id', 's.coupon_id')
    .where('k.campaign_id', '=', campaign.id)
    .where('s.voided_at', 'is', null)
    .select((eb) => [eb.fn.sum<number>('s.total').as('paid'), eb.fn.sum<number>('s.amount_before').as('before')])
    .executeTakeFirstOrThrow();

  const issued = Number(coupons.issued);
  // A flyer is one code used many times: its "redeemed" counts uses, out of its limit.
  const flyer = audience.kind === 'flyer';
  const redeemed = Number((flyer ? coupons.uses : coupons.used) ?? 0);
  const possible = flyer ? Number(coupons.limit ?? 0) : issued;
  const windowTo = today < campaign.valid_to ? today : campaign.valid_to;
  const window = campaign.status !== 'draft' && today >= campaign.valid_from ? { from: campaign.valid_from, to: windowTo } : null;

  return {
    campaignId: apiId(campaign.gid),
    issued,
    redeemed,
    redemptionRate: possible > 0 ? redeemed / possible : 0,
    redeemingRevenue: Number(revenue.paid ?? 0),
    redeemingRevenueBefore: Number(revenue.before ?? 0),
    window,
    comparison: window ? await compareWithHoldout(ctx, campaign.id, window, timeZone) : null,
  };
}

/** `key`: the campaign's local key. */
async function compareWithHoldout(
  ctx: Ctx,
  key: number,
  window: { from: string; to: string },
  timeZone: string,
): Promise<CampaignResults['comparison']> {
  const db = ctx.db;
  const sizes = await db
    .selectFrom('campaign_members')
    .where('campaign_id', '=', key)
    .groupBy('holdout')
    .select((eb) => ['holdout', eb.fn.countAll<number>().as('n')])
    .execute();
  const size = (h: number) => Number(sizes.find((s) => s.holdout === h)?.n ?? 0);
  if (size(1) === 0) return null;
  const from = Date.parse(localDayStartIso(window.from, timeZone));
  const to = Date.parse(localDayStartIso(addDays(window.to, 1), timeZone));
  // Per member, through sales_customer_sold (customer, time, total, void state): no table rows read.
  const visits = await db
    .selectFrom('campaign_members as m')
    .innerJoin('sales as s', (j) =>
      j.onRef('s.customer_id', '=', 'm.customer_id').on('s.sold_at', '>=', from).on('s.sold_at', '<', to).on('s.voided_at', 'is', null),
    )
    .where('m.campaign_id', '=', key)
    .groupBy('m.holdout')
    .select((eb) => ['m.holdout', eb.fn.count<number>('s.customer_id').distinct().as('visited'), eb.fn.sum<number>('s.total').as('spend')])
    .execute();
  const group = (h: number) => {
    const v = visits.find((r) => r.holdout === h);
    const n = size(h);
    const spend = Number(v?.spend ?? 0);
    return { visited: share(Number(v?.visited ?? 0), n), spend, spendPerMember: n > 0 ? Math.round(spend / n) : 0 };
  };
  const coupon = group(0);
  const holdout = group(1);
  const d = newcombeDifference(coupon.visited.count, coupon.visited.of, holdout.visited.count, holdout.visited.of);
  return {
    coupon,
    holdout,
    difference: { estimate: d.estimate, low: d.low, high: d.high },
    verdict: d.low > 0 ? 'better' : d.high < 0 ? 'worse' : 'cannot_tell',
  };
}
