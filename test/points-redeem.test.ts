/** Spending points at the counter (sales.record redeemPoints) and giving them back on a void. */
import { describe, expect, it } from 'vitest';
import { lotRows } from './pointLots';
import { openShop, type TestShop } from './helpers';

const PV = { points: 100, value: 10_000 };

async function member(shop: TestShop, earnOn: number[]) {
  const c = await shop.call('customers.create', { fullName: 'Phạm Thu Hà' });
  const sales = [];
  for (const amount of earnOn) sales.push((await shop.call('sales.record', { customerId: c.id, amount })).sale);
  return { c, sales };
}

const balance = async (shop: TestShop, id: string) => (await shop.call('customers.get', { id })).stats.pointsBalance;
const lots = async (shop: TestShop, id: string) => (await lotRows(shop, id)).map((l) => l.remaining);

describe('spending points at the counter', () => {
  it('takes their value off, earns on what was paid, draws the oldest lots, and a void gives them back', async () => {
    const shop = await openShop({ settings: { pointsValue: PV } });
    shop.clock.now = new Date('2026-11-20T03:00:00Z');
    const { c } = await member(shop, [1_500_000, 800_000]); // lots 150, 80
    shop.clock.now = new Date('2026-11-25T03:00:00Z');
    const r = await shop.call('sales.record', { customerId: c.id, amount: 300_000, redeemPoints: 200 });
    expect(r.sale).toMatchObject({ amount: 280_000, amountBefore: 300_000, pointsRedeemed: 200, redeemedValue: 20_000, points: 28 });
    expect(r.pointsBalance).toBe(230 - 200 + 28);
    expect(await lots(shop, c.id)).toEqual([0, 30, 28]);

    await shop.call('sales.void', { saleId: r.sale.id, reason: 'customer changed mind' });
    expect(await balance(shop, c.id)).toBe(230);
    expect(await lots(shop, c.id)).toEqual([150, 80, 0]);
  });

  it('refuses more than the balance, more than the purchase, no customer, or a shop without a point value, writing nothing', async () => {
    const shop = await openShop({ settings: { pointsValue: PV } });
    const { c } = await member(shop, [500_000]); // 50 points
    expect(await shop.fail('sales.record', { customerId: c.id, amount: 100_000, redeemPoints: 60 })).toMatchObject({
      code: 'POINTS_NOT_ENOUGH',
      field: 'redeemPoints',
      params: { balance: 50, points: 60 },
    });
    // 50 points = 5,000 ₫: a 5,000 ₫ purchase can take at most 49 (something is always paid).
    expect(await shop.fail('sales.record', { customerId: c.id, amount: 5_000, redeemPoints: 50 })).toMatchObject({
      code: 'POINTS_MORE_THAN_PURCHASE',
      params: { max: 49 },
    });
    expect(await shop.fail('sales.record', { customerId: null, amount: 5_000, redeemPoints: 1 })).toMatchObject({
      code: 'POINTS_NEED_CUSTOMER',
    });
    expect(await balance(shop, c.id)).toBe(50);
    expect((await shop.call('sales.today', {})).count).toBe(1);

    const off = await openShop();
    const other = await member(off, [500_000]);
    expect(await off.fail('sales.record', { customerId: other.c.id, amount: 100_000, redeemPoints: 10 })).toMatchObject({
      code: 'POINTS_NOT_SPENDABLE',
    });
  });

  it('a void of a purchase whose points were already spent takes only what is left, never below zero', async () => {
    const shop = await openShop({ settings: { pointsValue: PV } });
    const { c, sales } = await member(shop, [1_000_000]); // 100 points
    await shop.call('sales.record', { customerId: c.id, amount: 200_000, redeemPoints: 90 }); // pays 191,000: +19
    expect(await balance(shop, c.id)).toBe(29);
    await shop.call('sales.void', { saleId: sales[0]!.id, reason: 'refund' });
    expect(await balance(shop, c.id)).toBe(0);
    expect(await lots(shop, c.id)).toEqual([0, 0]);
    const reverse = await shop.backend.ctx.db
      .selectFrom('points_ledger')
      .select('points')
      .where('sale_id', '=', sales[0]!.id)
      .where('kind', '=', 'reverse')
      .executeTakeFirstOrThrow();
    expect(reverse.points).toBe(-29);
  });

  it('keeps pointsValue when settings are saved without it, and turns it off with null', async () => {
    const shop = await openShop({ settings: { pointsValue: PV } });
    const base = {
      shopName: 'Test shop',
      currency: 'VND',
      locale: 'vi' as const,
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 1 },
    };
    expect((await shop.call('settings.update', base)).pointsValue).toEqual(PV);
    expect((await shop.call('settings.update', { ...base, pointsValue: null })).pointsValue).toBeNull();
    expect(await shop.fail('settings.update', { ...base, pointsValue: { points: 0, value: 1 } })).toMatchObject({ code: 'VALIDATION' });
  });
});
