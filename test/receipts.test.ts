/** Receipts and satisfaction (issue 16), through dispatch on a real shop file. */
import { describe, expect, it } from 'vitest';
import { entityName } from '../src/main/db/entities';
import { storedGid } from '../src/main/services/keys';
import { count, openShop } from './helpers';

async function customer(shop: Awaited<ReturnType<typeof openShop>>, fullName: string): Promise<string> {
  return (await shop.call('customers.create', { fullName })).id;
}

describe('sales.receipt', () => {
  it('gathers shop, amounts, points, balance after the purchase and the tier now', async () => {
    const shop = await openShop({ settings: { shopName: 'Cà Phê Góc Phố', pointsValue: { points: 10, value: 10_000 } } });
    await shop.call('receipts.setLayout', { address: ' 12 Lê Lợi, Quận 1 ', footer: 'Cảm ơn quý khách!' });
    await shop.call('tiers.setRule', { windowDays: 365, tiers: [{ name: 'Bạc', minSpend: 100_000 }] });
    const id = await customer(shop, 'Nguyễn Thị Ánh');
    const first = await shop.call('sales.record', { customerId: id, amount: 250_000 });
    shop.clock.now = new Date('2026-11-25T04:00:00Z');
    const second = await shop.call('sales.record', { customerId: id, amount: 120_000, redeemPoints: 20 });
    // Later: a void of the first purchase, which must not change the second's receipt balance.
    shop.clock.now = new Date('2026-11-25T05:00:00Z');
    await shop.call('sales.void', { saleId: first.sale.id, reason: 'test' });

    const r = await shop.call('sales.receipt', { saleId: second.sale.id });
    expect(r.shop).toEqual({
      name: 'Cà Phê Góc Phố',
      address: '12 Lê Lợi, Quận 1',
      footer: 'Cảm ơn quý khách!',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(r).toMatchObject({
      saleId: second.sale.id,
      amountBefore: 120_000,
      discount: 0,
      pointsRedeemed: 20,
      redeemedValue: 20_000,
      amount: 100_000,
      pointsEarned: 10,
      // 25 earned, 20 spent, 10 earned: the void an hour later is not on this receipt.
      pointsBalance: 15,
      customer: { name: 'Nguyễn Thị Ánh' },
      tierNow: 'Bạc',
      voidedAt: null,
    });
    // The first install's purchases: the key, six digits at least, as the shop's codes are.
    expect(r.reference).toBe(second.sale.id.padStart(6, '0'));
    expect(second.pointsBalance).toBe(15);

    const voided = await shop.call('sales.receipt', { saleId: first.sale.id });
    expect(voided.voidedAt).not.toBeNull();
    expect(voided.pointsBalance).toBe(25);

    const walkIn = await shop.call('sales.record', { customerId: null, amount: 30_000 });
    expect(await shop.call('sales.receipt', { saleId: walkIn.sale.id })).toMatchObject({
      customer: null,
      pointsBalance: null,
      tierNow: null,
    });
  });

  it('names a purchase another install made by that install and its key there, the same on every till', async () => {
    const shop = await openShop();
    const db = shop.backend.ctx.db;
    const at = shop.clock.now.toISOString();
    const other = await db
      .insertInto('installs')
      .values({ id: '01937a2b-0000-7000-8000-000000000002', tag: 2, created_at: at, current: 0, bound_to: null })
      .returning('key')
      .executeTakeFirstOrThrow();
    const ms = shop.clock.now.getTime();
    const synced = await db
      .insertInto('sales')
      .values({
        customer_id: null,
        card_id: null,
        total: 40_000,
        points: 0,
        note: null,
        sold_at: ms,
        created_at: ms,
        voided_at: null,
        void_reason: null,
        source: null,
        receipt_ref: null,
        origin: other.key,
        origin_key: 42,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await shop.call('sales.receipt', { saleId: String(synced.id) })).reference).toBe('2-000042');
    const here = await shop.call('sales.record', { customerId: null, amount: 30_000 });
    expect((await shop.call('sales.receipt', { saleId: here.sale.id })).reference).toBe(here.sale.id.padStart(6, '0'));
  });

  it('shows a coupon discount and its code, and no customer once the customer is erased', async () => {
    const shop = await openShop();
    const id = await customer(shop, 'Lê Văn Cường');
    const c = await shop.call('campaigns.create', {
      name: 'Tờ rơi',
      audience: { kind: 'flyer', usageLimit: 10 },
      offer: { kind: 'amount', amount: 20_000 },
      minPurchase: 50_000,
      validFrom: '2026-11-01',
      validTo: '2026-11-30',
    });
    const code = (await shop.call('campaigns.issue', { id: c.id })).sharedCode!;
    const sale = await shop.call('sales.record', { customerId: id, amount: 150_000, couponCode: code });
    const r = await shop.call('sales.receipt', { saleId: sale.sale.id });
    expect(r).toMatchObject({ amountBefore: 150_000, discount: 20_000, amount: 130_000, couponCode: code, pointsEarned: 13 });
    await shop.backend.ctx.db
      .updateTable('customers')
      .set({ erased_at: '2026-11-25T04:00:00.000Z' })
      .where('gid', '=', storedGid(id)!)
      .execute();
    expect(await shop.call('sales.receipt', { saleId: sale.sale.id })).toMatchObject({
      customer: null,
      pointsBalance: null,
      tierNow: null,
    });
  });

  it('reads ratings through their indexes (the dashboard and the segment rule never scan the table)', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.database.sqlite;
    const plan = (q: string, ...args: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT count(*), sum(rating) FROM feedback WHERE created_at >= ? AND created_at < ?`, 0, 1)).toMatch(
      /COVERING INDEX feedback_time/,
    );
    expect(plan(`SELECT customer_id FROM feedback WHERE created_at >= ? AND rating <= 2`, 0)).toMatch(/COVERING INDEX feedback_time/);
    expect(plan(`SELECT * FROM feedback WHERE customer_id = ? ORDER BY created_at DESC LIMIT 20`, 1)).toMatch(/INDEX feedback_customer/);
  });

  it('refuses an unknown sale and keeps the layout apart from the settings', async () => {
    const shop = await openShop();
    expect(await shop.fail('sales.receipt', { saleId: 'nope' })).toMatchObject({ code: 'NOT_FOUND', field: 'saleId' });
    expect(await shop.fail('receipts.setLayout', { address: 'x'.repeat(301), footer: null })).toMatchObject({
      code: 'VALIDATION',
      field: 'address',
    });
    expect(await shop.call('receipts.getLayout', {})).toEqual({ address: null, footer: null });
    await shop.call('receipts.setLayout', { address: '', footer: 'Hẹn gặp lại' });
    const settings = await shop.call('settings.get', {});
    expect(settings).not.toHaveProperty('receiptLayout');
    await shop.call('settings.update', settings);
    expect(await shop.call('receipts.getLayout', {})).toEqual({ address: null, footer: 'Hẹn gặp lại' });
  });
});

describe('feedback', () => {
  it('records a rating for a purchase, once per key, logged, and summarised on the customer', async () => {
    const shop = await openShop();
    const id = await customer(shop, 'Trần Quốc Bảo');
    const sale = await shop.call('sales.record', { customerId: id, amount: 50_000 });
    const logged = await count(shop, 'change_log');
    const input = { saleId: sale.sale.id, rating: 2, note: '  Cà phê nguội  ', idempotencyKey: 'fb-000000001' };
    const first = await shop.call('feedback.record', input);
    expect(first).toMatchObject({ customerId: id, saleId: sale.sale.id, rating: 2, note: 'Cà phê nguội' });
    expect(await shop.call('feedback.record', input)).toEqual(first);
    expect(await count(shop, 'change_log')).toBe(logged + 1);
    const entry = await shop.backend.ctx.db.selectFrom('change_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const row = await shop.backend.ctx.db
      .selectFrom('feedback')
      .select('id')
      .where('gid', '=', storedGid(first.id)!)
      .executeTakeFirstOrThrow();
    expect({ ...entry, entity: entityName(entry.entity) }).toMatchObject({ entity: 'feedback', entity_id: row.id, op: 'create' });

    shop.clock.now = new Date('2026-11-26T03:00:00Z');
    await shop.call('feedback.record', { customerId: id, rating: 5 });
    const summary = await shop.call('feedback.list', { customerId: id });
    expect(summary).toMatchObject({ average: 3.5, count: 2 });
    expect(summary.items.map((f) => f.rating)).toEqual([5, 2]);
  });

  it('refuses bad ratings and mismatches at the boundary, writing nothing', async () => {
    const shop = await openShop();
    const a = await customer(shop, 'An');
    const b = await customer(shop, 'Bình');
    const sale = await shop.call('sales.record', { customerId: a, amount: 50_000 });
    const walkIn = await shop.call('sales.record', { customerId: null, amount: 50_000 });
    for (const rating of [0, 6, 2.5, '4']) {
      expect(await shop.fail('feedback.record', { customerId: a, rating })).toMatchObject({ code: 'VALIDATION', field: 'rating' });
    }
    expect(await shop.fail('feedback.record', { rating: 3 })).toMatchObject({ code: 'VALIDATION', field: 'customerId' });
    expect(await shop.fail('feedback.record', { saleId: sale.sale.id, customerId: b, rating: 3 })).toMatchObject({
      code: 'VALIDATION',
      field: 'customerId',
    });
    expect(await shop.fail('feedback.record', { saleId: walkIn.sale.id, rating: 3 })).toMatchObject({
      code: 'VALIDATION',
      field: 'saleId',
    });
    expect(await shop.fail('feedback.record', { customerId: 'nobody', rating: 3 })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'customerId',
    });
    expect(await shop.fail('feedback.record', { customerId: a, rating: 3, note: 'x'.repeat(1001) })).toMatchObject({ field: 'note' });
    const n = await shop.backend.ctx.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('"unhappy recently" is a segment rule, and the dashboard shows the period average', async () => {
    const shop = await openShop();
    const happy = await customer(shop, 'Happy');
    const grumpy = await customer(shop, 'Grumpy');
    const longAgo = await customer(shop, 'Long ago');
    shop.clock.now = new Date('2026-10-01T03:00:00Z');
    await shop.call('feedback.record', { customerId: longAgo, rating: 1 });
    shop.clock.now = new Date('2026-11-25T03:00:00Z');
    await shop.call('feedback.record', { customerId: happy, rating: 5 });
    await shop.call('feedback.record', { customerId: grumpy, rating: 2, note: 'slow' });
    await shop.call('feedback.record', { customerId: grumpy, rating: 4 });

    const rule = { kind: 'group' as const, op: 'and' as const, rules: [{ kind: 'unhappy' as const, days: 30 }] };
    expect(await shop.call('segments.count', { rule })).toMatchObject({ count: 1 });
    const members = await shop.call('segments.members', { rule });
    expect(members.items.map((m) => m.fullName)).toEqual(['Grumpy']);
    const wide = { ...rule, rules: [{ kind: 'unhappy' as const, days: 90 }] };
    expect(await shop.call('segments.count', { rule: wide })).toMatchObject({ count: 2 });
    expect(await shop.fail('segments.count', { rule: { ...rule, rules: [{ kind: 'unhappy', days: 0 }] } })).toMatchObject({
      code: 'VALIDATION',
    });

    const d = await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-30' });
    expect(d.satisfaction).toEqual({ average: 3.7, count: 3, unhappy: 1 });
    const empty = await shop.call('reports.dashboard', { from: '2026-01-01', to: '2026-01-31' });
    expect(empty.satisfaction).toEqual({ average: null, count: 0, unhappy: 0 });
  });
});
