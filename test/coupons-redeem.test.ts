import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { entityName } from '../src/main/db/entities';
import { apiId, factKey, newGid, storedGid } from '../src/main/services/keys';
import type { CampaignAudience, CampaignOffer } from '../src/shared/contract/campaigns';
import { formatCouponCode, makeCouponCode } from '../src/shared/couponCode';
import { count, openShop, type TestShop } from './helpers';
import { addCustomer } from './segmentFixtures';

/**
 * Today is 2026-11-25, 10:00 in the shop (UTC+7). Ana and Bảo have never bought, so a
 * "never bought" campaign gives each a coupon. Points: 1 for every 10 000.
 */
interface Setup {
  shop: TestShop;
  ana: string;
  bao: string;
  campaignId: string;
  /** Ana's and Bảo's coupon codes. */
  anaCode: string;
  baoCode: string;
}

async function campaignShop(
  opts: { offer?: CampaignOffer; minPurchase?: number; validFrom?: string; validTo?: string; shop?: TestShop } = {},
): Promise<Setup> {
  const shop = opts.shop ?? (await openShop());
  const ana = await addCustomer(shop, 'C001', { full_name: 'Nguyễn Thị Ana' });
  const bao = await addCustomer(shop, 'C002', { full_name: 'Trần Bảo' });
  const c = await shop.call('campaigns.create', {
    name: 'Quay lại nhé',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: opts.offer ?? { kind: 'percent', percent: 10 },
    minPurchase: opts.minPurchase ?? 100_000,
    validFrom: opts.validFrom ?? '2026-11-20',
    validTo: opts.validTo ?? '2026-12-10',
  });
  await shop.call('campaigns.issue', { id: c.id });
  const coupons = (await shop.call('campaigns.coupons', { id: c.id })).items;
  return {
    shop,
    ana,
    bao,
    campaignId: c.id,
    anaCode: coupons.find((x) => x.customerId === ana)!.code,
    baoCode: coupons.find((x) => x.customerId === bao)!.code,
  };
}

async function flyer(shop: TestShop, usageLimit: number, offer: CampaignOffer = { kind: 'amount', amount: 20_000 }): Promise<string> {
  const audience: CampaignAudience = { kind: 'flyer', usageLimit };
  const c = await shop.call('campaigns.create', {
    name: 'Tờ rơi',
    audience,
    offer,
    minPurchase: 50_000,
    validFrom: '2026-11-01',
    validTo: '2026-11-30',
  });
  return (await shop.call('campaigns.issue', { id: c.id })).sharedCode!;
}

async function couponRow(shop: TestShop, code: string) {
  return shop.backend.ctx.db.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

async function ledger(shop: TestShop, saleId: string) {
  const rows = await shop.backend.ctx.db
    .selectFrom('points_ledger')
    .select(['kind', 'points', 'reason'])
    .where('sale_id', '=', factKey(saleId, 'purchase', 'saleId'))
    .orderBy('points', 'desc')
    .execute();
  // NULL is a purchase's own earning (0100).
  return rows.map((r) => ({ ...r, reason: r.reason ?? 'purchase' }));
}

describe('a coupon at the counter', () => {
  it('shows the discount before Enter, and the sale applies exactly that, keeping both amounts and earning on what was paid', async () => {
    const { shop, ana, anaCode, campaignId } = await campaignShop();
    const typed = formatCouponCode(anaCode).toLowerCase().replace(/-/g, ' ');
    const quote = await shop.call('coupons.check', { code: typed, customerId: ana, amount: 250_000 });
    expect(quote).toMatchObject({
      code: anaCode,
      campaignId,
      amountBefore: 250_000,
      discount: 25_000,
      amountAfter: 225_000,
      bonusPoints: 0,
      holderId: ana,
    });
    expect(await count(shop, 'sales')).toBe(0);

    const { sale, pointsBalance } = await shop.call('sales.record', { customerId: ana, amount: 250_000, couponCode: typed });
    expect(sale).toMatchObject({ customerId: ana, amount: 225_000, amountBefore: 250_000, couponCode: anaCode, points: 22 });
    expect(pointsBalance).toBe(22);
    expect(await ledger(shop, sale.id)).toEqual([{ kind: 'earn', points: 22, reason: 'purchase' }]);
    expect((await shop.call('sales.today', {})).sales[0]).toMatchObject({ amount: 225_000, amountBefore: 250_000, couponCode: anaCode });
    expect(await couponRow(shop, anaCode)).toMatchObject({ used_count: 1 });
    expect(await shop.call('campaigns.get', { id: campaignId })).toMatchObject({ redemptions: 1 });
    const coupon = (await shop.call('campaigns.coupons', { id: campaignId })).items.find((c) => c.code === anaCode)!;
    expect(coupon).toMatchObject({ state: 'redeemed', usedCount: 1, lastUsedAt: sale.soldAt });
    // The purchase's creation is not logged (0100): the coupon's use is the last entry.
    const log = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select(['entity', 'entity_id', 'op'])
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(log.map((l) => ({ ...l, entity: entityName(l.entity) }))).toEqual([
      { entity: 'coupon', entity_id: (await couponRow(shop, anaCode)).id, op: 'redeem' },
    ]);
    expect(coupon.id).toBe(apiId((await couponRow(shop, anaCode)).gid));
  });

  it('an amount off comes off the purchase; a sale without a coupon is as before', async () => {
    const { shop, bao, baoCode } = await campaignShop({ offer: { kind: 'amount', amount: 30_000 } });
    const { sale } = await shop.call('sales.record', { customerId: bao, amount: 100_000, couponCode: baoCode });
    expect(sale).toMatchObject({ amount: 70_000, amountBefore: 100_000, points: 7 });
    const plain = await shop.call('sales.record', { customerId: bao, amount: 100_000, couponCode: '' });
    expect(plain.sale).toMatchObject({ amount: 100_000, amountBefore: null, couponCode: null, points: 10 });
  });

  it('a personal coupon on a walk-in sale makes it the holder’s, as a card would', async () => {
    const { shop, ana, anaCode } = await campaignShop();
    expect(await shop.call('coupons.check', { code: anaCode, amount: 200_000 })).toMatchObject({
      holderId: ana,
      holderName: 'Nguyễn Thị Ana',
    });
    expect(await shop.fail('coupons.check', { code: anaCode, customerId: 'nobody', amount: 200_000 })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'customerId',
    });
    const { sale } = await shop.call('sales.record', { amount: 200_000, couponCode: anaCode });
    expect(sale).toMatchObject({ customerId: ana, customerName: 'Nguyễn Thị Ana', amount: 180_000, points: 18 });
  });

  it('bonus points go into the ledger with the coupon as the reason', async () => {
    const { shop, ana, anaCode } = await campaignShop({ offer: { kind: 'points', points: 50 } });
    const { sale, pointsBalance } = await shop.call('sales.record', { customerId: ana, amount: 120_000, couponCode: anaCode });
    expect(sale).toMatchObject({ amount: 120_000, amountBefore: 120_000, points: 62 });
    expect(pointsBalance).toBe(62);
    expect(await ledger(shop, sale.id)).toEqual([
      { kind: 'earn', points: 50, reason: `coupon ${anaCode}` },
      { kind: 'earn', points: 12, reason: 'purchase' },
    ]);
    // A points flyer needs a customer to give them to.
    const code = await flyer(shop, 5, { kind: 'points', points: 10 });
    expect(await shop.fail('sales.record', { amount: 60_000, couponCode: code })).toMatchObject({
      code: 'COUPON_NEEDS_CUSTOMER',
      field: 'couponCode',
    });
  });

  it('voiding the sale gives the coupon back and takes back every point it gave', async () => {
    const { shop, ana, anaCode, campaignId } = await campaignShop({ offer: { kind: 'points', points: 50 } });
    const { sale } = await shop.call('sales.record', { customerId: ana, amount: 120_000, couponCode: anaCode });
    const voided = await shop.call('sales.void', { saleId: sale.id, reason: 'wrong customer' });
    expect(voided).toMatchObject({ voidedAt: expect.any(String), couponCode: anaCode, amountBefore: 120_000 });
    expect(await couponRow(shop, anaCode)).toMatchObject({ used_count: 0 });
    expect((await shop.call('campaigns.coupons', { id: campaignId })).items.find((c) => c.code === anaCode)).toMatchObject({
      state: 'issued',
      lastUsedAt: null,
    });
    expect((await shop.call('customers.get', { id: ana })).stats.pointsBalance).toBe(0);
    const again = await shop.call('sales.record', { customerId: ana, amount: 130_000, couponCode: anaCode });
    expect(again.sale.couponCode).toBe(anaCode);
    expect(await shop.call('campaigns.get', { id: campaignId })).toMatchObject({ redemptions: 1 });
  });

  it('says exactly why it refuses a code, and writes nothing', async () => {
    const { shop, ana, bao, anaCode, baoCode, campaignId } = await campaignShop();
    const first = await shop.call('sales.record', { customerId: bao, amount: 150_000, couponCode: baoCode });
    const sales = await count(shop, 'sales');
    const swapped = anaCode.slice(0, 3) + anaCode[4] + anaCode[3] + anaCode.slice(5);
    const refusals: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ couponCode: 'hello!' }, { code: 'COUPON_MALFORMED' }],
      [{ couponCode: 'O' + anaCode.slice(1) }, { code: 'COUPON_MALFORMED' }],
      [{ couponCode: swapped }, { code: 'COUPON_CHECK_CHARACTER' }],
      [
        { couponCode: makeCouponCode('', 987_654) },
        { code: 'COUPON_UNKNOWN', params: { code: formatCouponCode(makeCouponCode('', 987_654)) } },
      ],
      [
        { couponCode: baoCode, customerId: bao },
        { code: 'COUPON_ALREADY_USED', params: { code: formatCouponCode(baoCode), usedAt: '2026-11-25 10:00', saleId: first.sale.id } },
      ],
      [{ couponCode: baoCode }, { code: 'COUPON_ALREADY_USED' }],
      [
        { couponCode: anaCode, customerId: bao },
        { code: 'COUPON_OTHER_CUSTOMER', params: { holderName: 'Nguyễn Thị Ana', holderCode: 'C001' } },
      ],
      [
        { couponCode: anaCode, customerId: ana, amount: 99_999 },
        { code: 'COUPON_BELOW_MINIMUM', params: { minPurchase: 100_000, minimum: expect.stringContaining('100') } },
      ],
    ];
    for (const [input, error] of refusals) {
      const e = await shop.fail('sales.record', { customerId: null, amount: 200_000, ...input });
      expect(e, JSON.stringify(input)).toMatchObject({ field: 'couponCode', ...error });
      const check = await shop.fail('coupons.check', {
        code: input.couponCode,
        customerId: input.customerId ?? null,
        amount: input.amount ?? 200_000,
      });
      expect(check).toMatchObject({ field: 'code', code: error.code });
    }
    await shop.call('campaigns.setPaused', { id: campaignId, paused: true });
    expect(await shop.fail('sales.record', { customerId: ana, amount: 200_000, couponCode: anaCode })).toMatchObject({
      code: 'COUPON_CAMPAIGN_PAUSED',
      params: { campaign: 'Quay lại nhé' },
    });
    await shop.call('campaigns.setPaused', { id: campaignId, paused: false });
    const anaCoupon = (await shop.call('campaigns.coupons', { id: campaignId })).items.find((c) => c.code === anaCode)!;
    expect(await shop.call('coupons.void', { id: anaCoupon.id, reason: 'sent twice' })).toMatchObject({ state: 'void', code: anaCode });
    expect(await shop.fail('coupons.void', { id: anaCoupon.id, reason: 'again' })).toMatchObject({ code: 'COUPON_VOID' });
    const baoCoupon = (await shop.call('campaigns.coupons', { id: campaignId })).items.find((c) => c.code === baoCode)!;
    expect(await shop.fail('coupons.void', { id: baoCoupon.id, reason: 'too late' })).toMatchObject({ code: 'COUPON_ALREADY_USED' });
    expect(await shop.fail('coupons.void', { id: anaCoupon.id, reason: '  ' })).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect(await shop.fail('sales.record', { customerId: ana, amount: 200_000, couponCode: anaCode })).toMatchObject({
      code: 'COUPON_VOID',
    });
    expect(await count(shop, 'sales')).toBe(sales);
    expect(await couponRow(shop, anaCode)).toMatchObject({ used_count: 0 });
  });

  it('counts the window in the shop’s days: valid from its first local midnight to the end of its last day', async () => {
    const shop = await openShop({ now: '2026-11-19T16:59:00Z' }); // 23:59 on the 19th in the shop
    const { ana, anaCode } = await campaignShop({ shop, validFrom: '2026-11-20', validTo: '2026-11-30' });
    expect(await shop.fail('coupons.check', { code: anaCode, customerId: ana, amount: 200_000 })).toMatchObject({
      code: 'COUPON_NOT_YET_VALID',
      params: { validFrom: '2026-11-20' },
    });
    shop.clock.now = new Date('2026-11-19T17:00:00Z'); // 00:00 on the 20th
    await shop.call('coupons.check', { code: anaCode, customerId: ana, amount: 200_000 });
    shop.clock.now = new Date('2026-11-30T16:59:59Z'); // 23:59:59 on the 30th
    await shop.call('coupons.check', { code: anaCode, customerId: ana, amount: 200_000 });
    shop.clock.now = new Date('2026-11-30T17:00:00Z'); // the 1st of December
    expect(await shop.fail('sales.record', { customerId: ana, amount: 200_000, couponCode: anaCode })).toMatchObject({
      code: 'COUPON_EXPIRED',
      params: { validTo: '2026-11-30' },
    });
    expect((await shop.call('campaigns.coupons', { id: (await shop.call('campaigns.list', {}))[0]!.id })).items[0]!.state).toBe('expired');
  });

  it('a shared flyer code serves anyone up to its limit, then says it is used up', async () => {
    const { shop, ana, bao } = await campaignShop();
    const code = await flyer(shop, 2);
    expect((await shop.call('sales.record', { customerId: ana, amount: 60_000, couponCode: code })).sale.amount).toBe(40_000);
    expect((await shop.call('sales.record', { amount: 60_000, couponCode: code })).sale).toMatchObject({
      customerId: null,
      amount: 40_000,
      points: 0,
    });
    expect(await shop.fail('sales.record', { customerId: bao, amount: 60_000, couponCode: code })).toMatchObject({
      code: 'COUPON_USED_UP',
      params: { usageLimit: 2 },
    });
  });

  it('the counter never takes a use beyond the limit; only sync records more (two offline tills, test/sync-facts.test.ts)', async () => {
    const { shop, anaCode, ana } = await campaignShop();
    const db = shop.backend.ctx.db;
    await db.updateTable('coupons').set({ used_count: 1 }).where('code', '=', anaCode).execute();
    expect(await shop.fail('sales.record', { customerId: ana, amount: 200_000, couponCode: anaCode })).toMatchObject({
      code: 'COUPON_ALREADY_USED',
    });
    // Since 0105 the file itself accepts a count past the limit: sync keeps both purchases and shows the finding.
    await db.updateTable('coupons').set({ used_count: 2 }).where('code', '=', anaCode).execute();
    await expect(db.updateTable('coupons').set({ used_count: -1 }).where('code', '=', anaCode).execute()).rejects.toThrow(
      /CHECK constraint/,
    );
  });

  it('a sale with a coupon stays quick at the counter', async () => {
    const { shop, ana } = await campaignShop();
    const code = await flyer(shop, 100_000);
    const times: number[] = [];
    for (let i = 0; i < 600; i++) {
      const started = performance.now();
      await shop.call('sales.record', { customerId: i % 2 ? ana : null, amount: 60_000 + i, couponCode: code });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.ceil(0.99 * times.length) - 1]!;
    console.log(`record_sale_with_coupon (small shop): p50 ${times[300]!.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    // The machine is shared: the median is the stable signal here; the benchmark owns the p99 target.
    expect(times[300]!).toBeLessThan(10);
  });

  it('one coupon, two tills at the same moment: exactly one sale gets it', async () => {
    const { shop, ana, anaCode } = await campaignShop();
    const root = path.resolve(__dirname, '..');
    const run = promisify(execFile);
    for (let round = 0; round < 3; round++) {
      const code = round === 0 ? anaCode : await reissue(shop, ana);
      const startAt = String(Date.now() + 2_500);
      const till = () =>
        run(
          process.execPath,
          [
            '-e',
            "require('tsx/cjs/api').register(); require('./test/fixtures/redeemRace.ts')",
            shop.dir,
            code,
            ana,
            startAt,
            shop.clock.now.toISOString(),
          ],
          { cwd: root },
        ).then((r) => JSON.parse(r.stdout) as { ok: boolean; error?: { code: string } });
      const results = await Promise.all([till(), till()]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)!.error).toMatchObject({ code: 'COUPON_ALREADY_USED' });
      expect(await couponRow(shop, code)).toMatchObject({ used_count: 1 });
      const withCoupon = await shop.backend.ctx.db
        .selectFrom('sales')
        .select('id')
        .where('coupon_id', '=', (await couponRow(shop, code)).id)
        .execute();
      expect(withCoupon).toHaveLength(1);
    }
  }, 120_000);
});

/** A fresh coupon for the holder: a new never-bought campaign cannot include Ana once she bought, so give her one directly. */
async function reissue(shop: TestShop, customerId: string): Promise<string> {
  const db = shop.backend.ctx.db;
  const campaign = await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
  const customer = await db.selectFrom('customers').select('id').where('gid', '=', storedGid(customerId)!).executeTakeFirstOrThrow();
  const seq = 500_000 + Math.floor(Math.random() * 100_000);
  const code = makeCouponCode('', seq);
  await db
    .insertInto('coupons')
    .values({
      gid: newGid(),
      code,
      campaign_id: campaign.id,
      customer_id: customer.id,
      usage_limit: 1,
      issued_at: shop.clock.now.toISOString(),
      voided_at: null,
      void_reason: null,
    })
    .execute();
  return code;
}
