/**
 * Points expiry in sync (issues 16 and 18): two tills run the same expiry before they sync, a third
 * runs none. Three real shop files (copies of one shop, as a second and third till would be) and
 * one real folder. In every order the tills first sync in, each lot expires once (every balance
 * drops once), every till ends with the same rows and balances, and replaying every feed twice
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { expirePoints } from '../src/main/services/points/expiry';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import { books } from './pointLots';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf, digest } from './syncTills';

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

const SETTINGS = { pointsValue: { points: 100, value: 10_000 }, pointsExpiryMonths: 1 };
const DUE = '2026-12-26T12:00:00Z';

/**
 * Till A: X with three lots (30, 20 and 4 points, 10 of them spent), Y with one (15), all due by DUE;
 * B and C copies of it. At DUE, A and B each run expiry; before that B sells to Y (a lot of its own,
 * due later) and C sells to X.
 */
async function threeTills() {
  let a = await openShop({ now: '2026-11-25T03:00:00Z', settings: SETTINGS });
  const x = await a.call('customers.create', { fullName: 'Võ Thị Sáu' });
  const y = await a.call('customers.create', { fullName: '陳美玲' });
  await a.call('sales.record', { customerId: x.id, amount: 300_000 });
  await a.call('sales.record', { customerId: y.id, amount: 150_000 });
  a.clock.now = new Date('2026-11-26T03:00:00Z');
  await a.call('sales.record', { customerId: x.id, amount: 200_000 });
  await a.call('sales.record', { customerId: x.id, amount: 50_000, redeemPoints: 10 });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a), now: '2026-11-27T03:00:00Z', settings: SETTINGS });
  const c = await openShop({ dir: await copyOf(b), now: '2026-11-27T03:00:00Z', settings: SETTINGS });
  b = await openShop({ dir: b.dir, now: '2026-11-27T03:00:00Z', settings: SETTINGS });
  a = await openShop({ dir: aDir, now: '2026-11-27T03:00:00Z', settings: SETTINGS });
  await b.call('sales.record', { customerId: y.id, amount: 100_000 });
  await c.call('sales.record', { customerId: x.id, amount: 80_000 });
  for (const t of [a, b, c]) t.clock.now = new Date(DUE);
  return { a, b, c, x, y, folder: tempDir('regulars-sync-') };
}

const balance = async (shop: TestShop, id: string): Promise<number> => (await shop.call('points.ledger', { customerId: id })).balance;

/** Syncs the tills in the order given, then round after round until nothing moves. */
async function converge(tills: TestShop[], order: number[], folder: string): Promise<void> {
  for (const i of order) await sync(tills[i]!, folder);
  for (let round = 0; round < 4; round++) {
    let moved = false;
    for (const t of tills) {
      const r = await sync(t, folder);
      if (r.exported.seq !== null || r.applied.length > 0) moved = true;
      expect(r.problems).toEqual([]);
    }
    if (!moved) break;
  }
}

const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

describe('points expiry in sync', () => {
  it.each(ORDERS)('a lot two tills expired is taken once, and the tills agree on every row (order %i, %i, %i)', async (...order) => {
    const { a, b, c, x, y, folder } = await threeTills();
    // X: 30 + 20 + 4 earned, 10 spent, 8 from C's sale not due; Y: 15 due, 10 from B's sale not due.
    expect(await expirePoints(a.backend.ctx)).toEqual({ lots: 4, points: 59 });
    expect(await expirePoints(b.backend.ctx)).toEqual({ lots: 4, points: 59 });
    expect(await balance(a, x.id)).toBe(0);
    await converge([a, b, c], order, folder);
    const synced = await digest(a);
    for (const t of [b, c]) expect(await digest(t)).toEqual(synced);
    for (const t of [a, b, c]) {
      expect(await balance(t, x.id)).toBe(8);
      expect(await balance(t, y.id)).toBe(10);
      for (const k of books(t)) expect(k.lots, k.id).toBe(Math.max(0, k.balance));
      // One of the two expire rows of a customer holds the lots, the other is left with nothing.
      const rows = t.backend.ctx
        .sqlite!.prepare(`SELECT points FROM points_ledger WHERE kind = 'expire' ORDER BY points`)
        .all()
        .map((r) => (r as { points: number }).points);
      expect(rows).toEqual([-44, -15, 0, 0]);
    }
    // A void on C of X's second purchase, whose lot expired whole: nothing of it is taken again, on any till.
    const firstSale = (await c.call('sales.forCustomer', { customerId: x.id })).find((s) => s.points === 20)!;
    await c.call('sales.void', { saleId: firstSale.id, reason: 'wrong customer' });
    expect(await balance(c, x.id)).toBe(8);
    await converge([a, b, c], [2, 0, 1], folder);
    const first = await digest(a);
    for (const t of [b, c]) expect(await digest(t)).toEqual(first);
    for (const t of [a, b, c]) expect(await balance(t, x.id)).toBe(8);
    for (const t of [a, b, c]) {
      for (let i = 0; i < 2; i++) {
        await t.backend.ctx.db.deleteFrom('sync_peers').execute();
        const replay = await sync(t, folder);
        for (const r of replay.applied) expect(r).toMatchObject({ customers: 0, sales: 0, voids: 0, points: 0 });
        expect(await digest(t)).toEqual(first);
      }
    }
  });
});
