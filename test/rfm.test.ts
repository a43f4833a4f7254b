import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binOf, quintileEdges, quintilePositions, rfmSegmentOf, scoreMetric, selectInPlace, tieOrder } from '../src/shared/rfm';
import { openShop, tempDir, type TestShop } from './helpers';
import { addCustomer, addSale, daysBefore, local } from './segmentFixtures';

const byIndex = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('RFM scoring (pandas qcut semantics)', () => {
  it('breaks ties in the order pandas sorts the customer column: numbers as numbers, else text', () => {
    // Listed in text order, as the database keeps codes.
    expect(Array.from(tieOrder(['10', '100', '7', '9']))).toEqual([2, 3, 0, 1]);
    expect(Array.from(tieOrder(['0010', '10', '9']))).toEqual([2, 0, 1]);
    // One code that is not an integer makes the column text in pandas: text order stands.
    expect(Array.from(tieOrder(['10', '7', 'C000001']))).toEqual([0, 1, 2]);
    expect(Array.from(tieOrder(['C000001', 'C000002']))).toEqual([0, 1]);
    // Many numbers of many lengths, with and without a leading zero among them.
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647);
    for (const zero of [false, true]) {
      const codes = Array.from({ length: 2000 }, () => String(rand() % 10 ** (1 + (rand() % 9))));
      if (zero) codes.push('0042');
      const text = [...new Set(codes)].sort();
      const numbers = Array.from(tieOrder(text), (i) => Number(text[i]));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
  });

  it('scores the same through the counting sorts (narrow integer ranges) as through the native sorts', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647);
    for (const [n, range] of [
      [50, 3],
      [2000, 40],
      [5000, 900],
      [300, 5000],
    ] as const) {
      const values = Array.from({ length: n }, () => rand() % range);
      // Scaled far apart the same values take the native sorts; the order, the ties and so the scores stay.
      const wide = values.map((v) => v * 1_000_003);
      const byCode = Int32Array.from(byIndex(n).sort(() => (rand() % 2 === 0 ? -1 : 1)));
      for (const opts of [
        { alwaysRank: false, reverse: true },
        { alwaysRank: true, reverse: false },
        { alwaysRank: false, reverse: false },
      ]) {
        const narrow = scoreMetric(Int32Array.from(values), byCode, opts);
        const far = scoreMetric(Float64Array.from(wide), byCode, opts);
        expect(Array.from(narrow.scores), `n=${n} range=${range}`).toEqual(Array.from(far.scores));
        expect(narrow.method).toBe(far.method);
      }
    }
  });

  it('reads the same quintile edges from a selection as from the sorted values (spend is not sorted)', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 48_271) % 2_147_483_647);
    const shapes: [string, (n: number) => number[]][] = [
      ['random', (n) => Array.from({ length: n }, () => rand() % 1_000_003)],
      ['few values', (n) => Array.from({ length: n }, () => rand() % 3)],
      ['one value', (n) => Array.from({ length: n }, () => 42)],
      ['fractions and negatives', (n) => Array.from({ length: n }, () => (rand() % 2_001) / 7 - 100)],
      ['ascending', (n) => Array.from({ length: n }, (_, i) => i * 1_000)],
      ['descending', (n) => Array.from({ length: n }, (_, i) => (n - i) * 1_000)],
      ['organ pipe', (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i))],
    ];
    for (const [shape, make] of shapes) {
      for (const n of [1, 2, 3, 4, 5, 6, 7, 10, 11, 63, 64, 100, 257, 1_000, 70_913]) {
        const values = Float64Array.from(make(n));
        const selected = Float64Array.from(values);
        selectInPlace(selected, quintilePositions(n));
        expect(quintileEdges(selected), `${shape} n=${n}`).toEqual(quintileEdges(Float64Array.from(values).sort()));
      }
    }
  });

  it('cuts at linear-interpolated quintiles, right-closed, lowest edge included', () => {
    // sorted [100..600], n = 6: positions (n-1)*q = 0, 1, 2, 3.0000000000000004, 4, 5
    // → edges 100, 200, 300, ≈400, 500, 600. 100 (lowest, included) and 200 (≤ 200) → 1;
    // 300 → 2; 400 → 3 (400 ≤ edge ≈400.00000000000006); 500 → 4; 600 → 5.
    const values = [100, 200, 300, 400, 500, 600];
    const edges = quintileEdges(values);
    expect(edges[0]).toBe(100);
    expect(edges[3]).toBeCloseTo(400, 9);
    expect(edges[3]).toBeGreaterThanOrEqual(400); // numpy's 0.6000000000000001 quantile
    expect(Array.from(scoreMetric(values, byIndex(6), { alwaysRank: false, reverse: false }).scores)).toEqual([1, 1, 2, 3, 4, 5]);
  });

  it('puts a value lying exactly on an edge in the lower bin, and ties together', () => {
    // [10, 20, 20, 30, 40], n = 5: positions 0, .8, 1.6, 2.4, 3.2, 4
    // edges: 10; 10+.8·10 = 18; 20+.6·0 = 20; 20+.4·10 = 24; 30+.2·10 = 32; 40
    // 10 → 1; 20 ∈ (18, 20] → 2 (both 20s; exactly on the edge 20); 30 ∈ (24, 32] → 4; 40 → 5.
    const values = [10, 20, 20, 30, 40];
    const r = scoreMetric(values, byIndex(5), { alwaysRank: false, reverse: false });
    expect(r.method).toBe('qcut');
    r.edges.forEach((e, i) => expect(e).toBeCloseTo([10, 18, 20, 24, 32, 40][i]!, 9));
    expect(Array.from(r.scores)).toEqual([1, 2, 2, 4, 5]);
    expect(binOf(18, r.edges)).toBe(0); // right-closed: 18 belongs to [10, 18]
  });

  it('scores recency 5 for the most recent (labels reversed)', () => {
    // days [0, 10, 20, 30, 40]: edges 0, 8, 16, 24, 32, 40 → bins 0..4 → scores 5..1
    const r = scoreMetric([40, 0, 20, 10, 30], byIndex(5), { alwaysRank: false, reverse: true });
    expect(Array.from(r.scores)).toEqual([1, 5, 3, 4, 2]);
  });

  it('ranks frequency first, ties broken by code order (rank method="first")', () => {
    // codes C1..C5 with frequencies [3, 1, 3, 1, 2]: stable order C2, C4, C5, C1, C3 → ranks
    // C1=4, C2=1, C3=5, C4=2, C5=3; rank edges for n = 5: 1, 1.8, 2.6, 3.4, 4.2, 5 → score = rank.
    const r = scoreMetric([3, 1, 3, 1, 2], byIndex(5), { alwaysRank: true, reverse: false });
    expect(r.method).toBe('rank');
    expect(Array.from(r.scores)).toEqual([4, 1, 5, 2, 3]);
  });

  it('falls back where pandas would raise "Bin edges must be unique"', () => {
    // [5, 5, 5, 5, 9]: edges 5, 5, 5, 5, 5.8, 9 are not unique → rank by value then code → 1..5
    const dup = scoreMetric([5, 5, 5, 5, 9], byIndex(5), { alwaysRank: false, reverse: false });
    expect(dup.method).toBe('rank');
    expect(Array.from(dup.scores)).toEqual([1, 2, 3, 4, 5]);
    // every value equal: no information, everyone scores 3
    const same = scoreMetric([7, 7, 7], byIndex(3), { alwaysRank: false, reverse: false });
    expect(same.method).toBe('constant');
    expect(Array.from(same.scores)).toEqual([3, 3, 3]);
    // a single customer, even for frequency: 3
    expect(Array.from(scoreMetric([4], [0], { alwaysRank: true, reverse: false }).scores)).toEqual([3]);
    // two customers: the rank trick gives 1 and 5 (rank edges 1, 1.2, 1.4, 1.6, 1.8, 2)
    expect(Array.from(scoreMetric([4, 4], [0, 1], { alwaysRank: true, reverse: false }).scores)).toEqual([1, 5]);
    expect(scoreMetric([], [], { alwaysRank: true, reverse: false }).scores.length).toBe(0);
  });

  it('maps R and F to the ten named segments', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegmentOf(r, f)));
    expect(grid).toEqual([
      ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
      ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
      ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
    ]);
  });
});

const AS_OF = '2026-11-25';

/**
 * Ten customers C000001..C000010. Customer i has recency d_i days, frequency f_i purchases of
 * 10 000 × i each (sales 3 days apart ending on AS_OF − d_i).
 *
 * R: days [0,1,2,3,5,8,13,21,34,55], n = 10, positions 9q = 0, 1.8, 3.6, 5.4, 7.2, 9 →
 *    edges 0; 1+.8·1 = 1.8; 3+.6·2 = 4.2; 8+.4·5 = 10; 21+.2·13 = 23.6; 55 → bins 0,0,1,1,2,2,3,3,4,4
 *    → R (reversed) = 5,5,4,4,3,3,2,2,1,1.
 * F: [6,1,2,1,2,4,5,3,2,4]; by (F, code): C2,C4,C3,C5,C9,C8,C6,C10,C7,C1 → ranks 1..10; rank edges
 *    1, 2.8, 4.6, 6.4, 8.2, 10 → two ranks per score: F = C1 5, C2 1, C3 2, C4 1, C5 2, C6 4,
 *    C7 5, C8 3, C9 3, C10 4 (the three 2s straddle an edge: C3, C5 → 2, C9 → 3).
 * M (thousands): [60,20,60,40,100,240,350,240,180,400]; sorted 20,40,60,60,100,180,240,240,350,400
 *    → edges 20; 40+.8·20 = 56; 60+.6·40 = 84; 180+.4·60 = 204; 240+.2·110 = 262; 400
 *    → M = C1 2, C2 1, C3 2, C4 1, C5 3, C6 4, C7 5, C8 4, C9 3, C10 5.
 * Segments: C1 R5F5 champions, C2 R5F1 new_customers, C3 R4F2 potential_loyalists, C4 R4F1 promising,
 *    C5 R3F2 about_to_sleep, C6 R3F4 loyal, C7 R2F5 cant_lose, C8 R2F3, C9 R1F3, C10 R1F4 at_risk.
 */
const RECENCY = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55];
const FREQ = [6, 1, 2, 1, 2, 4, 5, 3, 2, 4];

async function tenCustomers(shop: TestShop): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const id = await addCustomer(shop, 'C' + String(i).padStart(6, '0'));
    ids.push(id);
    const last = daysBefore(AS_OF, RECENCY[i - 1]!);
    for (let j = 0; j < FREQ[i - 1]!; j++) {
      // C1's last purchase is at 00:30 local on AS_OF (still the 24th in UTC);
      // C2's at 23:30 local the day before (already the 24th in UTC too): recency 0 and 1.
      const time = j === 0 && i === 1 ? '00:30' : j === 0 && i === 2 ? '23:30' : '09:00';
      await addSale(shop, id, local(daysBefore(last, 3 * j), time), 10_000 * i);
    }
  }
  // Noise that must not count: a voided sale, a walk-in, a sale after the as-of day, a customer
  // who never bought. (An erased customer counts since issue 17: test/privacy.test.ts.)
  await addSale(shop, ids[1]!, local(AS_OF, '08:00'), 9_999_999, { voided: true });
  await addSale(shop, null, local(AS_OF, '08:00'), 5_000_000);
  await addSale(shop, ids[2]!, local('2026-11-26', '08:00'), 7_000_000);
  await addCustomer(shop, 'C000012');
  return ids;
}

describe('RFM over the shop', () => {
  it('scores the hand-computed case and sizes the segments', async () => {
    const shop = await openShop();
    const ids = await tenCustomers(shop);
    const s = await shop.call('rfm.compute', { asOf: AS_OF });
    expect(s.customers).toBe(10);
    expect(s.revenue).toBe(1_690_000);
    expect(s.methods).toEqual({ recency: 'qcut', frequency: 'rank', monetary: 'qcut' });
    s.edges.recency.forEach((e, i) => expect(e).toBeCloseTo([0, 1.8, 4.2, 10, 23.6, 55][i]!, 9));
    s.edges.monetary.forEach((e, i) => expect(e).toBeCloseTo([20, 56, 84, 204, 262, 400][i]! * 1000, 6));
    const size = Object.fromEntries(s.segments.map((x) => [x.segment, x.size]));
    expect(size).toEqual({
      champions: 1,
      loyal: 1,
      potential_loyalists: 1,
      new_customers: 1,
      promising: 1,
      need_attention: 0,
      about_to_sleep: 1,
      at_risk: 3,
      cant_lose: 1,
      hibernating: 0,
    });
    const atRisk = s.segments.find((x) => x.segment === 'at_risk')!;
    // C8, C9, C10: spend 240k + 180k + 400k = 820k of 1 690k; recency (21+34+55)/3; frequency (3+2+4)/3
    expect(atRisk.revenue).toBe(820_000);
    expect(atRisk.revenueShare).toBeCloseTo(820 / 1690, 12);
    expect(atRisk.meanRecencyDays).toBeCloseTo(110 / 3, 12);
    expect(atRisk.meanFrequency).toBe(3);
    expect(atRisk.meanMonetary).toBeCloseTo(820_000 / 3, 6);
    expect(s.grid[4]![4]).toBe(1); // C1: R5 F5

    const expected = [
      [0, 6, 60_000, 5, 5, 2, 'champions'],
      [1, 1, 20_000, 5, 1, 1, 'new_customers'],
      [2, 2, 60_000, 4, 2, 2, 'potential_loyalists'],
      [3, 1, 40_000, 4, 1, 1, 'promising'],
      [5, 2, 100_000, 3, 2, 3, 'about_to_sleep'],
      [8, 4, 240_000, 3, 4, 4, 'loyal'],
      [13, 5, 350_000, 2, 5, 5, 'cant_lose'],
      [21, 3, 240_000, 2, 3, 4, 'at_risk'],
      [34, 2, 180_000, 1, 3, 3, 'at_risk'],
      [55, 4, 400_000, 1, 4, 5, 'at_risk'],
    ];
    for (let i = 0; i < 10; i++) {
      const c = await shop.call('rfm.customer', { asOf: AS_OF, customerId: ids[i]! });
      const [recencyDays, frequency, monetary, r, f, m, segment] = expected[i]!;
      expect(c, `C${i + 1}`).toMatchObject({ recencyDays, frequency, monetary, r, f, m, segment });
    }
  });

  it('lists a segment’s members, paged and sorted', async () => {
    const shop = await openShop();
    await tenCustomers(shop);
    const page = await shop.call('rfm.segmentMembers', { asOf: AS_OF, segment: 'at_risk', sort: 'monetary', limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((x) => x.code)).toEqual(['C000010', 'C000008']);
    expect(page.items[0]).toMatchObject({ fullName: 'Customer C000010', recencyDays: 55, r: 1, f: 4, m: 5 });
    const next = await shop.call('rfm.segmentMembers', { asOf: AS_OF, segment: 'at_risk', sort: 'monetary', limit: 2, offset: 2 });
    expect(next.items.map((x) => x.code)).toEqual(['C000009']);
    const byRecency = await shop.call('rfm.segmentMembers', { asOf: AS_OF, segment: null, sort: 'recency', limit: 3 });
    expect(byRecency.items.map((x) => x.code)).toEqual(['C000001', 'C000002', 'C000003']);
    const byName = await shop.call('rfm.segmentMembers', { asOf: AS_OF, segment: null, sort: 'name', limit: 2 });
    expect(byName.items.map((x) => x.code)).toEqual(['C000001', 'C000002']); // 'customer c000002' < 'customer c000010'
  });

  it('respects the window start and says when a customer is outside it', async () => {
    const shop = await openShop();
    const ids = await tenCustomers(shop);
    // Since 2026-11-20: C1..C5 bought (C5's last purchase is that very day); C6 did not.
    const s = await shop.call('rfm.compute', { asOf: AS_OF, windowFrom: '2026-11-20' });
    expect(s.customers).toBe(5);
    expect(await shop.call('rfm.customer', { asOf: AS_OF, windowFrom: '2026-11-20', customerId: ids[5]! })).toBeNull();
    // C1 bought on 11-25, 11-22 (and 11-19, …): 2 purchases inside the window.
    expect(await shop.call('rfm.customer', { asOf: AS_OF, windowFrom: '2026-11-20', customerId: ids[0]! })).toMatchObject({
      frequency: 2,
      monetary: 20_000,
    });
    expect(await shop.fail('rfm.compute', { asOf: AS_OF, windowFrom: '2026-11-26' })).toMatchObject({
      code: 'VALIDATION',
      field: 'windowFrom',
    });
    expect(await shop.fail('rfm.compute', { asOf: '2026-02-30' })).toMatchObject({ code: 'VALIDATION', field: 'asOf' });
  });

  it('handles an empty shop and a single buyer', async () => {
    const shop = await openShop();
    const empty = await shop.call('rfm.compute', undefined);
    expect(empty.customers).toBe(0);
    expect(empty.segments.every((x) => x.size === 0 && x.revenueShare === 0)).toBe(true);
    const id = await addCustomer(shop, 'C000001');
    await addSale(shop, id, local('2026-11-20'), 50_000);
    const one = await shop.call('rfm.compute', undefined); // as of today: 2026-11-25 in the shop
    expect(one.methods).toEqual({ recency: 'constant', frequency: 'constant', monetary: 'constant' });
    expect(await shop.call('rfm.customer', { customerId: id })).toMatchObject({
      recencyDays: 5,
      r: 3,
      f: 3,
      m: 3,
      segment: 'need_attention',
    });
  });

  it('sees a new purchase at once (the cache follows writes)', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lê Thu' });
    expect((await shop.call('rfm.compute', undefined)).customers).toBe(0);
    await shop.call('sales.record', { customerId: c.id, amount: 30_000 });
    expect((await shop.call('rfm.compute', undefined)).customers).toBe(1);
  });
});

describe('rfm on the command line', () => {
  const root = path.resolve(__dirname, '..');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, REGULARS_DATA_DIR: '' },
    });

  it('prints segment sizes as JSON, and a table without --json', async () => {
    const dir = tempDir();
    const shop = await openShop({ dir });
    await tenCustomers(shop);
    await shop.backend.close();
    const r = cli('rfm', '--as-of', AS_OF, '--data-dir', dir, '--json');
    expect(r.stderr).not.toMatch(/regulars:/); // dispatch may log a "slow call" line on a cold start
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.segments).toEqual({
      champions: 1,
      loyal: 1,
      potential_loyalists: 1,
      new_customers: 1,
      promising: 1,
      need_attention: 0,
      about_to_sleep: 1,
      at_risk: 3,
      cant_lose: 1,
      hibernating: 0,
    });
    expect(json).toMatchObject({ asOf: AS_OF, windowFrom: null, customers: 10, revenue: 1_690_000 });
    const table = cli('rfm', '--as-of', AS_OF, '--data-dir', dir);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/at_risk\s+3/);
    const bad = cli('rfm', '--as-of', '25/11/2026', '--data-dir', dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--as-of: date must be YYYY-MM-DD/);
  });
});
