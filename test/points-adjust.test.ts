/** The owner's points adjustments and the customer's full ledger (points.adjust, points.ledger). */
import { describe, expect, it } from 'vitest';
import { ENTITY_CODES } from '../src/main/db/entities';
import { openShop, type TestShop } from './helpers';
import { lotRows } from './pointLots';

const lots = async (shop: TestShop, id: string) => (await lotRows(shop, id)).map((l) => [l.points, l.remaining]);

describe('owner adjustments', () => {
  it('adds a lot, takes from the oldest lots, and needs a reason', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Ngô Bảo Châu' });
    await shop.call('sales.record', { customerId: c.id, amount: 300_000 }); // 30
    shop.clock.now = new Date('2026-11-25T04:00:00Z');
    const plus = await shop.call('points.adjust', { customerId: c.id, points: 20, reason: 'birthday gift' });
    expect(plus).toMatchObject({ balance: 50, entry: { kind: 'adjust', points: 20, reason: 'birthday gift', balance: 50 } });
    shop.clock.now = new Date('2026-11-25T05:00:00Z');
    expect((await shop.call('points.adjust', { customerId: c.id, points: -35, reason: 'typo last week' })).balance).toBe(15);
    expect(await lots(shop, c.id)).toEqual([
      [30, 0],
      [20, 15],
    ]);
    expect(await shop.fail('points.adjust', { customerId: c.id, points: 5, reason: '   ' })).toMatchObject({
      code: 'VALIDATION',
      field: 'reason',
    });
    expect(await shop.fail('points.adjust', { customerId: c.id, points: 0, reason: 'x' })).toMatchObject({
      code: 'VALIDATION',
      field: 'points',
    });
    const log = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select(['entity', 'op'])
      .where('entity', '=', ENTITY_CODES.points)
      .execute();
    expect(log).toEqual([
      { entity: ENTITY_CODES.points, op: 'adjust' },
      { entity: ENTITY_CODES.points, op: 'adjust' },
    ]);
  });

  it('goes below zero only when told to, and later earnings pay what is owed first', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lý Tiểu Long' });
    await shop.call('sales.record', { customerId: c.id, amount: 100_000 }); // 10
    expect(await shop.fail('points.adjust', { customerId: c.id, points: -25, reason: 'fraud' })).toMatchObject({
      code: 'POINTS_ADJUST_BELOW_ZERO',
      params: { balance: 10 },
    });
    expect((await shop.call('points.adjust', { customerId: c.id, points: -25, reason: 'fraud', belowZero: true })).balance).toBe(-15);
    const r = await shop.call('sales.record', { customerId: c.id, amount: 200_000 }); // +20
    expect(r.pointsBalance).toBe(5);
    expect(await lots(shop, c.id)).toEqual([
      [10, 0],
      [20, 5],
    ]);
  });
});

describe('a void while the balance is below zero', () => {
  it('pays what is owed before giving redeemed points back to the lots', async () => {
    const shop = await openShop({ settings: { pointsValue: { points: 100, value: 10_000 } } });
    const c = await shop.call('customers.create', { fullName: 'Bùi Xuân Phái' });
    await shop.call('sales.record', { customerId: c.id, amount: 1_000_000 }); // 100
    const s = await shop.call('sales.record', { customerId: c.id, amount: 100_000, redeemPoints: 50 }); // -50, pays 95,000: +9
    await shop.call('points.adjust', { customerId: c.id, points: -100, reason: 'fraud', belowZero: true }); // -41
    await shop.call('sales.void', { saleId: s.sale.id, reason: 'refund' }); // +50 back (41 of it pays the debt), -9 earned
    const balance = (await shop.call('customers.get', { id: c.id })).stats.pointsBalance;
    const held = (await lotRows(shop, c.id)).reduce((n, l) => n + l.remaining, 0);
    expect(balance).toBe(0);
    expect(held).toBe(0);
  });
});

describe('the ledger on the customer page', () => {
  it('lists every row, oldest first, with the running balance', async () => {
    const shop = await openShop({ settings: { pointsValue: { points: 100, value: 10_000 } } });
    const c = await shop.call('customers.create', { fullName: 'Đặng Thái Sơn' });
    shop.clock.now = new Date('2026-11-20T03:00:00Z');
    await shop.call('sales.record', { customerId: c.id, amount: 1_000_000 }); // +100
    shop.clock.now = new Date('2026-11-21T03:00:00Z');
    const s = await shop.call('sales.record', { customerId: c.id, amount: 200_000, redeemPoints: 50 }); // -50, +19
    shop.clock.now = new Date('2026-11-22T03:00:00Z');
    await shop.call('sales.void', { saleId: s.sale.id, reason: 'wrong' }); // +50, -19
    shop.clock.now = new Date('2026-11-23T03:00:00Z');
    await shop.call('points.adjust', { customerId: c.id, points: -10, reason: 'correction' });
    const ledger = await shop.call('points.ledger', { customerId: c.id });
    expect(ledger.entries.map((e) => [e.kind, e.points, e.balance])).toEqual([
      ['earn', 100, 100],
      ['redeem', -50, 50],
      ['earn', 19, 69],
      ['reverse', 50, 119],
      ['reverse', -19, 100],
      ['adjust', -10, 90],
    ]);
    expect(ledger.balance).toBe(90);
    expect(ledger.expiring).toEqual([]);
  });
});
