import { describe, expect, it } from 'vitest';
import { apiId, storedGid } from '../src/main/services/keys';
import { newcombeDifference, wilson } from '../src/shared/proportions';
import { openShop, type TestShop } from './helpers';
import { addCustomer, addSale, local } from './segmentFixtures';

describe('intervals for shares', () => {
  const near = (got: { low: number; high: number }, low: number, high: number) => {
    expect(got.low).toBeCloseTo(low, 4);
    expect(got.high).toBeCloseTo(high, 4);
  };

  it("Wilson's score interval matches Newcombe's (1998) published values", () => {
    near(wilson(81, 263), 0.2553, 0.3662);
    near(wilson(15, 148), 0.0624, 0.1605);
    near(wilson(0, 20), 0, 0.1611);
    near(wilson(1, 29), 0.0061, 0.1718);
    near(wilson(0, 0), 0, 1);
  });

  it("the difference of two shares matches Newcombe's method 10 (hybrid score) in his Table II", () => {
    near(newcombeDifference(56, 70, 48, 80), 0.0524, 0.3339);
    near(newcombeDifference(9, 10, 3, 10), 0.1705, 0.809);
    near(newcombeDifference(6, 7, 2, 7), 0.0582, 0.8062);
    near(newcombeDifference(5, 56, 0, 29), -0.0381, 0.1926);
    near(newcombeDifference(0, 10, 0, 20), -0.1611, 0.2775);
    near(newcombeDifference(10, 10, 0, 20), 0.6791, 1);
  });
});

/** Today is 2026-11-25 (10:00 in the shop, UTC+7); the campaign runs 2026-11-20 … 2026-12-10. */
async function heldOutCampaign(members: number, holdoutPercent: number) {
  const shop = await openShop();
  for (let i = 1; i <= members; i++) await addCustomer(shop, `C${String(i).padStart(4, '0')}`);
  const c = await shop.call('campaigns.create', {
    name: 'Come back',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'percent', percent: 10 },
    minPurchase: 0,
    validFrom: '2026-11-20',
    validTo: '2026-12-10',
    holdoutPercent,
  });
  shop.clock.now = new Date('2026-11-19T03:00:00Z');
  await shop.call('campaigns.issue', { id: c.id });
  shop.clock.now = new Date('2026-11-25T03:00:00Z');
  const db = shop.backend.ctx.db;
  const { id: key } = await db.selectFrom('campaigns').select('id').where('gid', '=', storedGid(c.id)!).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('campaign_members as m')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['c.gid', 'm.holdout'])
    .where('m.campaign_id', '=', key)
    .orderBy('m.customer_id')
    .execute();
  const coupons = await db
    .selectFrom('coupons as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .select(['k.code', 'c.gid'])
    .where('k.campaign_id', '=', key)
    .execute();
  return {
    shop,
    id: c.id,
    coupon: rows.filter((r) => r.holdout === 0).map((r) => apiId(r.gid)),
    held: rows.filter((r) => r.holdout === 1).map((r) => apiId(r.gid)),
    codeOf: new Map(coupons.map((k) => [apiId(k.gid), k.code])),
  };
}

async function redeem(shop: TestShop, customerId: string, code: string, amount: number, at: string): Promise<string> {
  const before = shop.clock.now;
  shop.clock.now = new Date(at);
  const { sale } = await shop.call('sales.record', { customerId, amount, couponCode: code });
  shop.clock.now = before;
  return sale.id;
}

describe('campaign results', () => {
  it('counts uses, revenue and visits in the window for each group, and says when it cannot tell', async () => {
    const { shop, id, coupon, held, codeOf } = await heldOutCampaign(30, 30);
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(coupon.length).toBeGreaterThanOrEqual(3);
    // Coupon group: two redeem (one of them twice in the window, once with the coupon), one is voided.
    await redeem(shop, coupon[0]!, codeOf.get(coupon[0]!)!, 200_000, local('2026-11-21', '10:00'));
    await addSale(shop, coupon[0]!, local('2026-11-22'), 50_000);
    await redeem(shop, coupon[1]!, codeOf.get(coupon[1]!)!, 100_000, local('2026-11-20', '00:00'));
    const voided = await redeem(shop, coupon[2]!, codeOf.get(coupon[2]!)!, 400_000, local('2026-11-23'));
    await shop.call('sales.void', { saleId: voided, reason: 'mistake' });
    // Hold-out: one came back in the window; one bought the day before it started; one after "today".
    await addSale(shop, held[0]!, local('2026-11-24'), 80_000);
    await addSale(shop, held[1]!, local('2026-11-19', '23:59'), 999_000);
    await addSale(shop, held[2]!, local('2026-11-26'), 999_000);

    const r = await shop.call('campaigns.results', { id });
    expect(r).toMatchObject({
      issued: coupon.length,
      redeemed: 2,
      redeemingRevenue: 180_000 + 90_000,
      redeemingRevenueBefore: 300_000,
      window: { from: '2026-11-20', to: '2026-11-25' },
    });
    expect(r.redemptionRate).toBeCloseTo(2 / coupon.length, 10);
    const cmp = r.comparison!;
    expect(cmp.coupon).toMatchObject({ visited: { count: 2, of: coupon.length }, spend: 180_000 + 50_000 + 90_000 });
    expect(cmp.holdout).toMatchObject({ visited: { count: 1, of: held.length }, spend: 80_000 });
    expect(cmp.coupon.spendPerMember).toBe(Math.round(320_000 / coupon.length));
    const expected = newcombeDifference(2, coupon.length, 1, held.length);
    expect(cmp.difference).toEqual(expected);
    expect(cmp.difference.low).toBeLessThan(0);
    expect(cmp.verdict).toBe('cannot_tell');
  });

  it('says the coupon worked when the interval is clear of zero', async () => {
    const { shop, id, coupon } = await heldOutCampaign(120, 50);
    for (const c of coupon) await addSale(shop, c, local('2026-11-22'), 10_000);
    const r = await shop.call('campaigns.results', { id });
    expect(r.comparison!.coupon.visited.share).toBe(1);
    expect(r.comparison!.holdout.visited.share).toBe(0);
    expect(r.comparison!.verdict).toBe('better');
  });

  it('has no window before the campaign starts, and no comparison without a hold-out', async () => {
    const { shop, id } = await heldOutCampaign(10, 0);
    expect((await shop.call('campaigns.results', { id })).comparison).toBeNull();
    shop.clock.now = new Date('2026-11-19T16:59:00Z');
    expect(await shop.call('campaigns.results', { id })).toMatchObject({ window: null, comparison: null, redeemed: 0, redemptionRate: 0 });
  });

  it('counts a flyer’s uses against its limit', async () => {
    const shop = await openShop();
    const c = await shop.call('campaigns.create', {
      name: 'Flyer',
      audience: { kind: 'flyer', usageLimit: 4 },
      offer: { kind: 'item', text: 'Trà đá' },
      validFrom: '2026-11-20',
      validTo: '2026-11-30',
    });
    const code = (await shop.call('campaigns.issue', { id: c.id })).sharedCode!;
    await shop.call('sales.record', { amount: 30_000, couponCode: code });
    await shop.call('sales.record', { amount: 20_000, couponCode: code });
    expect(await shop.call('campaigns.results', { id: c.id })).toMatchObject({
      issued: 1,
      redeemed: 2,
      redemptionRate: 0.5,
      redeemingRevenue: 50_000,
      comparison: null,
    });
  });
});

describe('query plans of coupons', () => {
  it('finds a code, its last use and the members’ visits through indexes', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.database.sqlite;
    const plan = (q: string, ...args: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const lookup = plan(
      `SELECT * FROM coupons k JOIN campaigns m ON m.id = k.campaign_id LEFT JOIN customers c ON c.id = k.customer_id WHERE k.code = ?`,
      'X',
    );
    expect(lookup).toMatch(/SEARCH k USING INDEX sqlite_autoindex_coupons_\d \(code=\?\)/);
    expect(lookup).not.toMatch(/SCAN/);
    expect(plan(`SELECT id, sold_at FROM sales WHERE coupon_id = ? AND voided_at IS NULL ORDER BY sold_at DESC LIMIT 1`, 1)).toMatch(
      /SEARCH sales USING INDEX sales_coupon \(coupon_id=\?\)/,
    );
    const visits = plan(
      `SELECT m.holdout, count(DISTINCT s.customer_id), sum(s.total) FROM campaign_members m
       JOIN sales s ON s.customer_id = m.customer_id AND s.sold_at >= ? AND s.sold_at < ? AND s.voided_at IS NULL
       WHERE m.campaign_id = ? GROUP BY m.holdout`,
      0,
      1,
      1,
    );
    expect(visits).toMatch(/SEARCH m USING PRIMARY KEY \(campaign_id=\?\)/);
    expect(visits).toMatch(/SEARCH s USING COVERING INDEX sales_customer_sold \(customer_id=\? AND sold_at>\? AND sold_at<\?\)/);
  });
});
