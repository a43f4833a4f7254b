/**
 * The analysis caches (derived.ts) are patched from what changed rather than rebuilt. Whatever the
 * change, an answer from patched caches must equal the answer computed from nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { warmAnalysis } from '../src/main/backend';
import { clearDerived, derived } from '../src/main/services/derived';
import { openShop, type TestShop } from './helpers';
import { installKey, newGid } from '../src/main/services/keys';
import { addCustomer, addSale, local } from './segmentFixtures';

/** Everything the caches feed: dashboards over several periods and granularities, RFM. */
async function answers(shop: TestShop, ids: string[]) {
  return {
    allByMonth: await shop.call('reports.dashboard', { from: '2025-01-01', to: '2026-12-31', granularity: 'month', top: 3 }),
    novByDay: await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-30', granularity: 'day', top: 3 }),
    pastByWeek: await shop.call('reports.dashboard', { from: '2026-03-01', to: '2026-06-30', granularity: 'week', top: 3 }),
    // More buckets than fit in a mask: distinct buyers counted per bucket.
    yearByDay: await shop.call('reports.dashboard', { from: '2026-01-01', to: '2026-11-30', granularity: 'day', top: 3 }),
    rfm: await shop.call('rfm.compute', {}),
    past: await shop.call('rfm.compute', { asOf: '2026-11-20' }),
    pastEach: await Promise.all(ids.map((customerId) => shop.call('rfm.customer', { asOf: '2026-11-20', customerId }))),
    members: await shop.call('rfm.segmentMembers', { segment: null, sort: 'monetary', offset: 0, limit: 50 }),
    each: await Promise.all(ids.map((customerId) => shop.call('rfm.customer', { customerId }))),
  };
}

async function expectSameAsCold(shop: TestShop, ids: string[], label: string): Promise<void> {
  const warm = await answers(shop, ids);
  clearDerived(shop.backend.ctx.db);
  const cold = await answers(shop, ids);
  expect(warm, label).toEqual(cold);
  // The same days counted within a long period and a short one agree.
  expect(
    cold.yearByDay.buckets.filter((b) => b.key >= '2026-11-01'),
    label,
  ).toEqual(cold.novByDay.buckets);
  // As of a past day, the snapshot less the purchases since equals a GROUP BY over the history up to it.
  const grouped = await shop.call('rfm.compute', { asOf: '2026-11-20', windowFrom: '2000-01-01' });
  expect({ ...cold.past, windowFrom: null }, label).toEqual({ ...grouped, windowFrom: null });
}

async function saleAt(shop: TestShop, at: string, customerId: string | null, amount: number): Promise<string> {
  shop.clock.now = new Date(at);
  return (await shop.call('sales.record', { customerId, amount, note: null })).sale.id;
}

describe('analysis caches after changes', () => {
  it('equal a cold computation after counter sales, voids, a backdated import, first purchases and a settings change', async () => {
    const shop = await openShop();
    const names = ['An', 'Bình', 'Chi', 'Dũng', 'Em', 'Phương'];
    const c = [];
    for (const fullName of names) c.push(await shop.call('customers.create', { fullName }));
    const ids = c.map((x) => x.id);
    // History: A and C regulars since 2025, D from spring 2026, F once in March; B and E never bought.
    const firstOfC = await saleAt(shop, '2025-02-10T03:00:00Z', ids[2]!, 90_000);
    for (const m of ['03', '05', '08', '11']) {
      await saleAt(shop, `2025-${m}-12T04:00:00Z`, ids[0]!, 120_000);
      await saleAt(shop, `2026-${m}-12T04:00:00Z`, ids[0]!, 80_000);
      await saleAt(shop, `2026-${m}-15T05:00:00Z`, ids[2]!, 60_000);
    }
    await saleAt(shop, '2026-04-02T02:00:00Z', ids[3]!, 45_000);
    await saleAt(shop, '2026-06-20T02:00:00Z', ids[3]!, 55_000);
    await saleAt(shop, '2026-03-03T02:00:00Z', ids[5]!, 30_000);
    await saleAt(shop, '2026-11-20T09:00:00Z', null, 15_000);
    shop.clock.now = new Date('2026-11-25T03:00:00Z');
    await expectSameAsCold(shop, ids, 'fresh');

    // Fill the caches, then change one thing at a time.
    await answers(shop, ids);
    await saleAt(shop, '2026-11-25T03:10:00Z', ids[0]!, 70_000);
    await expectSameAsCold(shop, ids, 'a counter sale');

    await saleAt(shop, '2026-11-25T03:20:00Z', ids[1]!, 25_000);
    await expectSameAsCold(shop, ids, 'a first purchase (a customer new to the snapshot, mid code order)');

    await saleAt(shop, '2026-11-25T03:30:00Z', null, 10_000);
    await expectSameAsCold(shop, ids, 'a walk-in');

    // Voiding C's first purchase moves C's first purchase (and "new" count) from Feb 2025 to Mar 2025.
    shop.clock.now = new Date('2026-11-25T03:40:00Z');
    await shop.call('sales.void', { saleId: firstOfC, reason: 'entered twice' });
    await expectSameAsCold(shop, ids, 'a void of a first purchase');

    // F's only purchase voided: F leaves the snapshot.
    const fSales = await shop.call('sales.forCustomer', { customerId: ids[5]!, limit: 10, offset: 0 });
    await shop.call('sales.void', { saleId: fSales[0]!.id, reason: 'mistake' });
    await expectSameAsCold(shop, ids, 'a customer with no purchases left');

    // A backdated purchase for D, before D's first: D's "new" month moves from April to January.
    const csv = `receipt,customer,date,amount\nOLD-1,${c[3]!.code},2026-01-05 10:00,40000\n`;
    const imported = await shop.call('imports.commit', { csv, fileName: 'old.csv' });
    expect(imported.imported).toBe(1);
    await expectSameAsCold(shop, ids, 'a backdated import');

    await shop.call('settings.update', { ...(await shop.call('settings.get', {})), timeZone: 'Asia/Taipei' });
    await expectSameAsCold(shop, ids, 'a time zone change');
  });

  it('are filled shortly after start for the opening view of the dashboard (this month by day)', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'An' });
    await saleAt(shop, '2026-11-20T03:00:00Z', c.id, 50_000);
    shop.clock.now = new Date('2026-11-25T03:00:00Z');
    const warn = vi.spyOn(console, 'warn');
    warmAnalysis(shop.backend.ctx, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const d = await derived(shop.backend.ctx.db);
    const missing = (): never => {
      throw new Error('not warmed');
    };
    const buckets = d.cache('dashboard.buckets', missing) as unknown as { rows: Map<string, unknown> };
    expect(buckets.rows.size).toBe(25); // 1–25 November
    expect((d.cache('rfm', missing) as unknown as { results: Map<string, unknown> }).results.size).toBe(1);
    const warm = await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-25', granularity: 'day', top: 10 });
    clearDerived(shop.backend.ctx.db);
    expect(warm).toEqual(await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-25', granularity: 'day', top: 10 }));
  });
});

describe('the stats snapshot', () => {
  it('reads a shop larger than one chunk in code order, whichever customers at the chunk ends bought', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.database.sqlite;
    const origin = await installKey(shop.backend.ctx.db);
    // 30,001 customers (chunks of 12,500 codes), a third of them buyers, among them the first and last of each chunk.
    const n = 30_001;
    const code = (i: number): string => `C${String(i).padStart(6, '0')}`;
    const buyer = (i: number): boolean => i % 3 === 0 || [12_499, 12_500, 24_999, 25_000, n - 1].includes(i);
    const addC = sqlite.prepare(
      `INSERT INTO customers (gid, code, full_name, search_name, tags, consent_marketing, created_at, updated_at)
       VALUES (?, ?, 'x', 'x', '[]', 0, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')`,
    );
    const addS = sqlite.prepare(
      `INSERT INTO sales (customer_id, card_id, total, points, note, sold_at, created_at, source, origin) VALUES (?, NULL, ?, 0, NULL, ?, ?, 'test', ?)`,
    );
    sqlite.transaction(() => {
      // Inserted out of code order, so keys and codes disagree.
      for (let k = 0; k < n; k++) {
        const i = (k * 7_919) % n;
        const key = Number(addC.run(newGid(), code(i)).lastInsertRowid);
        if (!buyer(i)) continue;
        for (let v = 0; v <= i % 2; v++) {
          const at = Date.parse('2026-01-01T00:00:00Z') + i * 60_000 + v;
          addS.run(key, 1_000 + i + v, at, at, origin);
        }
      }
    })();
    const db = shop.backend.ctx.db;
    const expectAsStored = async (snap: Awaited<ReturnType<Awaited<ReturnType<typeof derived>>['snapshot']>>, buyers: number) => {
      const expected = await db
        .selectFrom('customers as c')
        .innerJoin('customer_stats as st', 'st.customer_id', 'c.id')
        .select(['c.id', 'c.code', 'st.visits', 'st.spend', 'st.first_at', 'st.last_at'])
        .orderBy('c.code')
        .execute();
      expect(expected.length).toBe(buyers);
      expect(snap.codes).toEqual(expected.map((r) => r.code));
      expect(snap.ids).toEqual(expected.map((r) => r.id));
      expect(Array.from(snap.visits)).toEqual(expected.map((r) => r.visits));
      expect(Array.from(snap.spend)).toEqual(expected.map((r) => r.spend));
      expect(Array.from(snap.firstMs)).toEqual(expected.map((r) => r.first_at));
      expect(Array.from(snap.lastMs)).toEqual(expected.map((r) => r.last_at));
    };
    clearDerived(db);
    await expectAsStored(await (await derived(db)).snapshot(), 10_004);

    // New buyers in the codes not read yet, arriving between two chunks: more than the count the load was sized for.
    clearDerived(db);
    const loading = (await derived(db)).snapshot();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const key = (c: string): number => (sqlite.prepare('SELECT id FROM customers WHERE code = ?').get(c) as { id: number }).id;
        for (const i of [28_001, 28_003, 29_999]) addS.run(key(code(i)), 777, Date.parse('2026-06-01T00:00:00Z'), 0, origin);
        resolve();
      }),
    );
    await expectAsStored(await loading, 10_007);
  });

  it('reads every buyer as customer_stats holds it, whatever the code contains (lists through group_concat and JSON)', async () => {
    // The last code plain, then holding the list separator (that chunk read again as JSON).
    for (const last of ['Z 8', 'Z\u001f8']) {
      const shop = await openShop();
      // Codes with list and JSON separators, escapes, diacritics and CJK; erased customers count too.
      const codes = ['A,1', 'B"2', 'C\\3', 'Đặng-4', '顧客5', '[6]', '7', last];
      for (const [i, code] of codes.entries()) {
        const id = await addCustomer(shop, code, i === 3 ? { erased_at: '2026-01-01T00:00:00.000Z' } : {});
        for (let k = 0; k <= i % 3; k++) await addSale(shop, id, local(`2026-0${1 + (i % 9)}-1${k}`), 10_000 * (i + 1) + k);
      }
      await addCustomer(shop, 'never-bought');
      await addSale(shop, null, local('2026-05-05'), 5_000);
      const db = shop.backend.ctx.db;
      clearDerived(db);
      const snap = await (await derived(db)).snapshot();
      const expected = await db
        .selectFrom('customers as c')
        .innerJoin('customer_stats as st', 'st.customer_id', 'c.id')
        .select(['c.id', 'c.code', 'st.visits', 'st.spend', 'st.first_at', 'st.last_at'])
        .orderBy('c.code')
        .execute();
      expect(expected.map((r) => r.code).sort()).toEqual([...codes].sort());
      expect({
        ids: snap.ids,
        codes: snap.codes,
        visits: Array.from(snap.visits),
        spend: Array.from(snap.spend),
        firstMs: Array.from(snap.firstMs),
        lastMs: Array.from(snap.lastMs),
      }).toEqual({
        ids: expected.map((r) => r.id),
        codes: expected.map((r) => r.code),
        visits: expected.map((r) => r.visits),
        spend: expected.map((r) => r.spend),
        firstMs: expected.map((r) => r.first_at),
        lastMs: expected.map((r) => r.last_at),
      });
    }
  });
});
