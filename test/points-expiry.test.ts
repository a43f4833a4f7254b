/** Points expiry (settings.pointsExpiryMonths): only what is left of each expired lot goes. */
import { describe, expect, it } from 'vitest';
import { chunkQueries, expirePoints } from '../src/main/services/points/expiry';
import { expiryKey } from '../src/main/services/points/lots';
import { expiryOf } from '../src/shared/points';
import { bulkInsertCustomers } from '../src/main/services/bulk';
import { customerInput } from '../src/shared/contract';
import { openShop, type TestShop } from './helpers';
import { expiryFaults, lotRows } from './pointLots';

const lots = async (shop: TestShop, id: string) => (await lotRows(shop, id)).map((l) => [l.points, l.remaining, l.expires_at]);

const PV = { points: 100, value: 10_000 };

describe('points expiry', () => {
  it('counts calendar months, the 31st becoming the month’s last day', () => {
    expect(expiryOf('2026-01-31T03:00:00.000Z', 1)).toBe('2026-02-28T03:00:00.000Z');
    expect(expiryOf('2026-11-25T03:00:00.000Z', 12)).toBe('2027-11-25T03:00:00.000Z');
    expect(expiryOf('2026-11-25T03:00:00.000Z', null)).toBeNull();
  });

  it('takes only what is left of an expired lot; a lot fully spent expires nothing; later lots stay', async () => {
    const shop = await openShop({ now: '2026-01-10T03:00:00Z', settings: { pointsValue: PV, pointsExpiryMonths: 6 } });
    const c = await shop.call('customers.create', { fullName: 'Trịnh Công Sơn' });
    const d = await shop.call('customers.create', { fullName: 'Khánh Ly' });
    await shop.call('sales.record', { customerId: c.id, amount: 1_000_000 }); // c: lot 100, Jan
    await shop.call('sales.record', { customerId: d.id, amount: 300_000 }); // d: lot 30, Jan
    shop.clock.now = new Date('2026-03-10T03:00:00Z');
    await shop.call('sales.record', { customerId: c.id, amount: 200_000, redeemPoints: 60 }); // c spends 60 of Jan; pays 194,000: lot 19, Mar
    await shop.call('sales.record', { customerId: d.id, amount: 500_000, redeemPoints: 30 }); // d spends all of Jan; pays 497,000: lot 49, Mar
    expect(await lots(shop, c.id)).toEqual([
      [100, 40, '2026-07-10T03:00:00.000Z'],
      [19, 19, '2026-09-10T03:00:00.000Z'],
    ]);

    shop.clock.now = new Date('2026-07-10T02:59:59Z');
    expect(await expirePoints(shop.backend.ctx)).toEqual({ lots: 0, points: 0 });
    const before = await shop.call('points.ledger', { customerId: c.id });
    expect(before.expiring).toEqual([
      { expiresAt: '2026-07-10T03:00:00.000Z', points: 40 },
      { expiresAt: '2026-09-10T03:00:00.000Z', points: 19 },
    ]);

    shop.clock.now = new Date('2026-07-11T00:00:00Z');
    expect(await expirePoints(shop.backend.ctx)).toEqual({ lots: 1, points: 40 });
    const after = await shop.call('points.ledger', { customerId: c.id });
    expect(after.balance).toBe(19);
    expect(after.entries.at(-1)).toMatchObject({
      kind: 'expire',
      points: -40,
      balance: 19,
      reason: 'expired lot earned 2026-01-10T03:00:00.000Z',
    });
    expect(after.expiring).toEqual([{ expiresAt: '2026-09-10T03:00:00.000Z', points: 19 }]);
    // d spent the whole January lot: nothing of it expired, the March lot is whole.
    expect((await shop.call('customers.get', { id: d.id })).stats.pointsBalance).toBe(49);
    // What the lot lost, under the row that took it (0112: lot_expiries), its point_lots row gone, no draw written for it.
    const lost = await shop.backend.ctx.db
      .selectFrom('lot_expiries as x')
      .innerJoin('points_ledger as e', 'e.id', 'x.expired_by')
      .select(['x.expired', 'e.kind', 'e.points'])
      .execute();
    expect(lost).toEqual([{ expired: 40, kind: 'expire', points: -40 }]);
    expect(expiryFaults(shop)).toEqual([]);
    expect(await shop.backend.ctx.db.selectFrom('point_draws').select('lot_id').where('points', '=', 40).execute()).toEqual([]);
    // Run again: nothing more.
    expect(await expirePoints(shop.backend.ctx)).toEqual({ lots: 0, points: 0 });
  });

  it('runs at start, and a void after its lot expired does not take the expired points twice', async () => {
    const shop = await openShop({ now: '2026-01-10T03:00:00Z', settings: { pointsExpiryMonths: 1 } });
    const c = await shop.call('customers.create', { fullName: 'Phạm Duy' });
    const old = await shop.call('sales.record', { customerId: c.id, amount: 200_000 }); // 20, expires Feb 10
    shop.clock.now = new Date('2026-02-01T03:00:00Z');
    await shop.call('sales.record', { customerId: c.id, amount: 100_000 }); // 10, expires Mar 1
    await shop.backend.close();

    const reopened = await openShop({ dir: shop.dir, now: '2026-02-15T03:00:00Z', settings: { pointsExpiryMonths: 1 } });
    expect(await reopened.backend.expiry).toEqual({ lots: 1, points: 20 });
    expect((await reopened.call('customers.get', { id: c.id })).stats.pointsBalance).toBe(10);
    await reopened.call('sales.void', { saleId: old.sale.id, reason: 'refund' });
    expect((await reopened.call('customers.get', { id: c.id })).stats.pointsBalance).toBe(10);
  });

  it('expires nothing while off, and lots earned while off never expire', async () => {
    const shop = await openShop({ now: '2026-01-10T03:00:00Z' });
    const c = await shop.call('customers.create', { fullName: 'Văn Cao' });
    await shop.call('sales.record', { customerId: c.id, amount: 200_000 });
    shop.clock.now = new Date('2030-01-01T00:00:00Z');
    await shop.call('settings.update', {
      shopName: 'Test shop',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 1 },
      pointsExpiryMonths: 1,
    });
    expect(await expirePoints(shop.backend.ctx)).toEqual({ lots: 0, points: 0 });
    expect((await shop.call('customers.get', { id: c.id })).stats.pointsBalance).toBe(20);
  });
});

describe('points expiry at volume', () => {
  it('expires thousands of lots in chunks of customers, each lot exactly once, one row per customer, with the counter let in between and the log clock strictly increasing', async () => {
    const shop = await openShop({ now: '2026-11-25T03:00:00Z', settings: { pointsValue: PV, pointsExpiryMonths: 12 } });
    const C = 3_000;
    const people = Array.from({ length: C }, (_, i) => ({ data: customerInput.parse({ fullName: `Khách ${i}` }) }));
    const { ids, keys } = bulkInsertCustomers(shop.backend.database, people);
    const sqlite = shop.backend.ctx.sqlite!;
    // Each seeded row is its own lot (its ledger row and its point_lots row, 0112); odd milliseconds test the reason's times.
    const ledger = sqlite.prepare(
      `INSERT INTO points_ledger(customer_id, sale_id, kind, points, reason, created_at, lot_debt, expires_at, origin)
       VALUES (?, NULL, 'adjust', ?, 'seed', ?, 0, ?, (SELECT key FROM installs WHERE current = 1))`,
    );
    const lot = sqlite.prepare(`INSERT INTO point_lots(customer_id, expiry_key, created_at, lot_id, remaining) VALUES (?, ?, ?, ?, ?)`);
    const N = 9_000;
    const earnedOf = (i: number): string => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_007).toISOString();
    sqlite.transaction(() => {
      for (let i = 0; i < N; i++) {
        const earned = earnedOf(i);
        const due = Date.parse(expiryOf(earned, 12)!);
        const id = ledger.run(keys[i % C], 1 + (i % 7), Date.parse(earned), due).lastInsertRowid;
        lot.run(keys[i % C], expiryKey(due), Date.parse(earned), id, 1 + (i % 7));
      }
    })();
    const order: string[] = [];
    const run = expirePoints(shop.backend.ctx).then((r) => (order.push('expiry'), r));
    await new Promise((r) => setImmediate(r));
    await shop.call('sales.record', { customerId: ids[0]!, amount: 50_000 }).then(() => order.push('sale'));
    const report = await run;
    expect(report.lots).toBe(N);
    expect(order).toEqual(['sale', 'expiry']);
    for (const id of [ids[0]!, ids[1]!, ids[C - 1]!]) {
      const l = await shop.call('points.ledger', { customerId: id });
      expect((await lotRows(shop, id)).reduce((n, lot) => n + lot.remaining, 0)).toBe(l.balance);
    }
    // One expire row per customer, naming when its lots were earned; each lot emptied.
    const rows = sqlite
      .prepare(`SELECT customer_id, points, reason FROM points_ledger WHERE kind = 'expire' ORDER BY customer_id`)
      .all() as {
      customer_id: number;
      points: number;
      reason: string;
    }[];
    expect(rows).toHaveLength(C);
    expect(rows[1]).toEqual({
      customer_id: keys[1],
      points: -[1, 1 + C, 1 + 2 * C].reduce((n, i) => n + 1 + (i % 7), 0),
      reason: `expired lots earned ${earnedOf(1)} to ${earnedOf(1 + 2 * C)}`,
    });
    // Each lot lost what it held under its customer's row of the run; no draw per lot, no lot left open.
    const lost = sqlite
      .prepare(
        `SELECT count(*) AS n, sum(x.expired) AS p FROM lot_expiries x JOIN points_ledger e ON e.id = x.expired_by JOIN points_ledger l ON l.id = x.lot_id
         WHERE e.kind = 'expire' AND e.customer_id = l.customer_id AND x.expired = l.points`,
      )
      .get() as { n: number; p: number };
    expect(lost).toEqual({ n: N, p: report.points });
    // Only the purchase rung up meanwhile keeps a lot (not due).
    expect(sqlite.prepare(`SELECT count(*) AS n FROM point_lots`).get()).toEqual({ n: 1 });
    expect(expiryFaults(shop)).toEqual([]);
    expect(sqlite.prepare(`SELECT count(*) AS n FROM point_draws`).get()).toEqual({ n: 0 });
    expect(rows.reduce((n, r) => n - r.points, 0)).toBe(report.points);
    expect(await expirePoints(shop.backend.ctx)).toEqual({ lots: 0, points: 0 });
    const hlcs = (sqlite.prepare(`SELECT hlc FROM change_log ORDER BY seq`).all() as { hlc: number }[]).map((r) => r.hlc);
    expect(hlcs.every((h, i) => i === 0 || h > hlcs[i - 1]!)).toBe(true);
    expect(sqlite.prepare(`SELECT count(*) AS n FROM change_log WHERE op = 'expire'`).get()).toEqual({ n: C });
  });
});

describe('points expiry query plans', () => {
  it("reads a chunk through a range of point_lots and looks the chunk's rows up, never walking every open lot", async () => {
    const shop = await openShop();
    const sqlite = shop.backend.ctx.sqlite!;
    const q = chunkQueries(shop.backend.ctx.db, { at: 1, lo: 0, hi: 500, base: 10, origin: 1, hlc0: 0 });
    for (const [name, query] of [
      ['expireRows', q.expireRows],
      ['expiries', q.expiries],
      ['empty', q.empty],
    ] as const) {
      const c = query.compile();
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as { detail: string }[]).map(
        (r) => r.detail,
      );
      expect(plan.join(' | '), name).toMatch(/SEARCH point_lots USING PRIMARY KEY \(customer_id>\? AND customer_id<\?\)/);
      expect(
        plan.filter((d) => /^SCAN (points_ledger|point_lots)\b/.test(d)),
        name,
      ).toEqual([]);
    }
  });
});
