import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openShop, type TestShop } from './helpers';
import { addCustomer, addSale, customerKey, local } from './segmentFixtures';

/** customer_stats (migration 0031) must always equal a recount from the sales themselves. */
async function expectStatsExact(shop: TestShop): Promise<void> {
  const db = shop.backend.ctx.db;
  const stored = await sql<{ customer_id: number; visits: number; spend: number; first_at: number; last_at: number }>`
    SELECT customer_id, visits, spend, first_at, last_at FROM customer_stats ORDER BY customer_id`.execute(db);
  const recount = await sql<{ customer_id: number; visits: number; spend: number; first_at: number; last_at: number }>`
    SELECT customer_id, count(*) AS visits, sum(total) AS spend, min(sold_at) AS first_at, max(sold_at) AS last_at FROM sales
    WHERE customer_id IS NOT NULL AND voided_at IS NULL GROUP BY customer_id ORDER BY customer_id`.execute(db);
  expect(stored.rows).toEqual(recount.rows);
}

describe('per-customer stats and the analysis caches', () => {
  it('stay exact through recorded, voided, moved and deleted sales', async () => {
    const shop = await openShop();
    const a = await addCustomer(shop, 'C000001');
    const b = await addCustomer(shop, 'C000002');
    await addSale(shop, a, local('2026-10-01'), 40_000);
    await addSale(shop, a, local('2026-11-01'), 10_000, { voided: true });
    await addSale(shop, null, local('2026-11-02'), 5_000);
    await expectStatsExact(shop);
    const { sale } = await shop.call('sales.record', { customerId: b, amount: 25_000, note: null });
    await shop.call('sales.record', { customerId: a, amount: 12_000, note: null });
    await expectStatsExact(shop);
    await shop.call('sales.void', { saleId: sale.id, reason: 'wrong amount' });
    await expectStatsExact(shop); // b has no live purchase left: no row
    const db = shop.backend.ctx.db;
    const [ka, kb] = [await customerKey(shop, a), await customerKey(shop, b)];
    const moved = await db
      .updateTable('sales')
      .set({ customer_id: kb })
      .where('customer_id', '=', ka)
      .where('total', '=', 40_000)
      .execute();
    expect(Number(moved[0]!.numUpdatedRows)).toBe(1);
    await expectStatsExact(shop);
    await db.deleteFrom('points_ledger').execute();
    const deleted = await db.deleteFrom('sales').where('customer_id', '=', kb).execute();
    expect(Number(deleted[0]!.numDeletedRows)).toBe(2); // the moved one and b's voided purchase
    await expectStatsExact(shop);
  });

  it('a sale recorded after a dashboard, RFM or count call appears in the next call', async () => {
    const shop = await openShop(); // today: 2026-11-25
    const a = await addCustomer(shop, 'C000001', { gender: 'female', consent_marketing: 1 });
    const b = await addCustomer(shop, 'C000002', { gender: 'female', consent_marketing: 1 });
    await addSale(shop, a, local('2026-11-20'), 40_000);
    const period = { from: '2026-11-01', to: '2026-11-25', granularity: 'day' as const };
    const before = await shop.call('reports.dashboard', period);
    expect(before.totals).toMatchObject({ revenue: 40_000, visits: 1, customers: 1, newCustomers: 1 });
    expect((await shop.call('rfm.compute', {})).customers).toBe(1);
    const rule = {
      kind: 'group' as const,
      op: 'and' as const,
      rules: [{ kind: 'visits' as const, period: { kind: 'lastDays' as const, days: 90 }, min: 1 }],
    };
    expect((await shop.call('segments.count', { rule })).count).toBe(1);
    expect((await shop.call('lifecycle.counts', {})).counts).toMatchObject({ new: 1, never_bought: 1 });

    const { sale } = await shop.call('sales.record', { customerId: b, amount: 30_000, note: null });
    const after = await shop.call('reports.dashboard', period);
    expect(after.totals).toMatchObject({ revenue: 70_000, visits: 2, customers: 2, newCustomers: 2 });
    expect(after.buckets.find((x) => x.key === '2026-11-25')).toMatchObject({ revenue: 30_000, newCustomers: 1 });
    expect(after.rfm.customers).toBe(2);
    expect((await shop.call('rfm.compute', {})).customers).toBe(2);
    expect((await shop.call('segments.count', { rule })).count).toBe(2);
    expect((await shop.call('lifecycle.counts', {})).counts).toMatchObject({ new: 2, never_bought: 0 });

    await shop.call('sales.void', { saleId: sale.id, reason: 'mistake' });
    expect((await shop.call('reports.dashboard', period)).totals).toMatchObject({ revenue: 40_000, customers: 1, newCustomers: 1 });
    expect((await shop.call('rfm.compute', {})).customers).toBe(1);
    expect((await shop.call('segments.count', { rule })).count).toBe(1);
  });

  it('RFM as of a past day leaves out the purchases made after it', async () => {
    const shop = await openShop();
    const a = await addCustomer(shop, 'C000001');
    const b = await addCustomer(shop, 'C000002');
    await addSale(shop, a, local('2026-10-01'), 40_000);
    await addSale(shop, a, local('2026-11-10'), 60_000);
    await addSale(shop, b, local('2026-11-12'), 10_000);
    const past = await shop.call('rfm.customer', { asOf: '2026-10-31', customerId: a });
    expect(past).toMatchObject({ frequency: 1, monetary: 40_000, recencyDays: 30, customers: 1 });
    expect(await shop.call('rfm.customer', { asOf: '2026-10-31', customerId: b })).toBeNull();
    expect(await shop.call('rfm.customer', { customerId: a })).toMatchObject({ frequency: 2, monetary: 100_000, customers: 2 });
  });
});
