import { describe, expect, it } from 'vitest';
import { pareto } from '../src/main/services/reports';
import { openShop } from './helpers';
import { addCustomer, addSale, local } from './segmentFixtures';

/**
 * November 2026 (the 1st is a Sunday, the 25th — today — a Wednesday), shop zone UTC+7:
 *  P C000001: first bought 2026-10-15 (before the period); 11-03 100k + 50k; 11-20 30k;
 *             10-31 23:59 local 7k (16:59Z: outside the period)
 *  Q C000002: first ever 11-10 200k; 11-24 23:30 local 20k (16:30Z, the 24th in both zones)
 *  R C000003: one purchase 11-25 00:30 local 10k (still 11-24 in UTC) → the 25th here
 *  a walk-in 11-03 5k; a voided 999k on 11-03.
 */
async function november() {
  const shop = await openShop();
  const P = await addCustomer(shop, 'C000001', { full_name: 'Phúc' });
  const Q = await addCustomer(shop, 'C000002', { full_name: 'Quân' });
  const R = await addCustomer(shop, 'C000003', { full_name: 'Rin' });
  await addSale(shop, P, local('2026-10-15'), 40_000);
  await addSale(shop, P, local('2026-10-31', '23:59'), 7_000);
  await addSale(shop, P, local('2026-11-03'), 100_000);
  await addSale(shop, P, local('2026-11-03', '10:00'), 50_000);
  await addSale(shop, P, local('2026-11-20'), 30_000);
  await addSale(shop, Q, local('2026-11-10'), 200_000);
  await addSale(shop, Q, local('2026-11-24', '23:30'), 20_000);
  await addSale(shop, R, local('2026-11-25', '00:30'), 10_000);
  await addSale(shop, null, local('2026-11-03', '11:00'), 5_000);
  await addSale(shop, P, local('2026-11-03', '12:00'), 999_000, { voided: true });
  return { shop, P, Q, R };
}

describe('dashboard', () => {
  it('buckets by shop day: revenue, visits, basket, new vs returning', async () => {
    const { shop, P, Q, R } = await november();
    const d = await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-25', granularity: 'day' });
    expect(d.buckets).toHaveLength(25);
    const day = (date: string) => d.buckets.find((b) => b.key === date)!;
    // 11-03: 100k + 50k (P) + 5k walk-in = 155k over 3 visits → basket 51 666.67 → 51 667
    expect(day('2026-11-03')).toEqual({
      key: '2026-11-03',
      from: '2026-11-03',
      to: '2026-11-03',
      revenue: 155_000,
      visits: 3,
      averageBasket: 51_667,
      newCustomers: 0,
      returningCustomers: 1,
    });
    expect(day('2026-11-10')).toMatchObject({ revenue: 200_000, newCustomers: 1, returningCustomers: 0 });
    expect(day('2026-11-24')).toMatchObject({ revenue: 20_000, newCustomers: 0, returningCustomers: 1 });
    expect(day('2026-11-25')).toMatchObject({ revenue: 10_000, visits: 1, newCustomers: 1 });
    expect(day('2026-11-01')).toMatchObject({ revenue: 0, visits: 0, averageBasket: 0 });
    // 415k over 7 visits = 59 285.71 → 59 286; P had bought before the period; Q and R had not.
    expect(d.totals).toEqual({
      revenue: 415_000,
      visits: 7,
      averageBasket: 59_286,
      customers: 3,
      newCustomers: 2,
      returningCustomers: 1,
      walkInRevenue: 5_000,
    });
    expect(d.topCustomers).toEqual([
      { id: Q, code: 'C000002', fullName: 'Quân', revenue: 220_000, visits: 2 },
      { id: P, code: 'C000001', fullName: 'Phúc', revenue: 180_000, visits: 3 },
      { id: R, code: 'C000003', fullName: 'Rin', revenue: 10_000, visits: 1 },
    ]);
    // Spends 220k, 180k, 10k: top 20% = ceil(0.6) = 1 customer → 220/410.
    expect(d.pareto.topCount).toBe(1);
    expect(d.pareto.top20Share).toBeCloseTo(220 / 410, 12);
    expect(d.pareto.curve.map((p) => [p.customerShare, p.revenueShare])).toEqual([
      [0, 0],
      [1 / 3, 220 / 410],
      [2 / 3, 400 / 410],
      [1, 1],
    ]);
    expect(d.rfm).toMatchObject({ asOf: '2026-11-25', customers: 3 });
    expect(d.rfm.segments).toHaveLength(10);
  });

  it('buckets by ISO week (Monday keys, partial ends) and by month', async () => {
    const { shop } = await november();
    const w = await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-25', granularity: 'week' });
    expect(w.buckets.map((b) => [b.key, b.from, b.to, b.revenue, b.newCustomers, b.returningCustomers])).toEqual([
      ['2026-10-26', '2026-11-01', '2026-11-01', 0, 0, 0],
      ['2026-11-02', '2026-11-02', '2026-11-08', 155_000, 0, 1],
      ['2026-11-09', '2026-11-09', '2026-11-15', 200_000, 1, 0],
      ['2026-11-16', '2026-11-16', '2026-11-22', 30_000, 0, 1],
      ['2026-11-23', '2026-11-23', '2026-11-25', 30_000, 1, 1], // R new; Q returning (first bought the 10th)
    ]);
    const m = await shop.call('reports.dashboard', { from: '2026-10-01', to: '2026-11-25', granularity: 'month' });
    expect(m.buckets.map((b) => [b.key, b.revenue, b.visits, b.newCustomers, b.returningCustomers])).toEqual([
      ['2026-10', 47_000, 2, 1, 0], // P's first purchase is in October
      ['2026-11', 415_000, 7, 2, 1],
    ]);
  });

  it('validates the period', async () => {
    const { shop } = await november();
    expect(await shop.fail('reports.dashboard', { from: '2026-11-25', to: '2026-11-01' })).toMatchObject({
      code: 'VALIDATION',
      field: 'to',
    });
    expect(await shop.fail('reports.dashboard', { from: '2020-01-01', to: '2026-11-25', granularity: 'day' })).toMatchObject({
      code: 'VALIDATION',
      field: 'granularity',
    });
  });

  it('downsamples the Pareto curve to at most 101 points', () => {
    const spends = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const p = pareto(spends);
    expect(p.curve).toHaveLength(101);
    expect(p.curve[0]).toEqual({ customerShare: 0, revenueShare: 0 });
    expect(p.curve[100]).toEqual({ customerShare: 1, revenueShare: 1 });
    expect(p.topCount).toBe(200);
    // top 200 of 1000..1: (1000+801)·200/2 = 180 100 of 500 500
    expect(p.top20Share).toBeCloseTo(180_100 / 500_500, 12);
    expect(pareto([])).toEqual({ customers: 0, topCount: 0, top20Share: 0, curve: [] });
  });
});
