/**
 * A customer's privacy erasure travels to their notes (issue 18): the erasing till blanks the notes
 * of their purchases and ratings; every other till does the same when the erasure reaches it, and a
 * purchase or rating with a note that another till made before it heard of the erasure loses its note
 * wherever it lands. Three real shop files (copies of one shop), one real folder, several orders,
 * every feed replayed twice: the rows end equal, and another customer's notes stay.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf, digest } from './syncTills';

const sync = (shop: TestShop, folder: string) => syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

type Till = 'a' | 'b' | 'c';

async function threeTills() {
  let a = await openShop();
  a.clock.now = new Date('2026-11-24T03:00:00Z');
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const y = await a.call('customers.create', { fullName: '陳美玲', phone: '+886 912 000 111' });
  const { sale } = await a.call('sales.record', { customerId: x.id, amount: 120_000, note: 'Chị Ánh dặn giao ở số 12 Lý Thái Tổ' });
  await a.call('feedback.record', { saleId: sale.id, rating: 5, note: 'Ánh thích bánh mì không hành' });
  await a.call('sales.record', { customerId: y.id, amount: 90_000, note: '陳小姐：不要冰' });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, x, y, folder: tempDir('regulars-sync-') };
}
type Tills = Awaited<ReturnType<typeof threeTills>>;

/** Every note by global id, beside the business rows. */
async function notes(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const q = async (query: ReturnType<typeof sql<Record<string, unknown>>>) => (await query.execute(db)).rows;
  return {
    ...(await digest(shop)),
    saleNotes: await q(sql`SELECT i.id || ':' || coalesce(s.origin_key, s.id) AS gid, hex(c.gid) AS customer, s.note FROM sales s
      JOIN installs i ON i.key = s.origin LEFT JOIN customers c ON c.id = s.customer_id ORDER BY 1`),
    ratingNotes: await q(sql`SELECT hex(f.gid) AS gid, hex(c.gid) AS customer, f.rating, f.note FROM feedback f
      LEFT JOIN customers c ON c.id = f.customer_id ORDER BY 1`),
  };
}

async function syncAll(t: Tills, order: Till[]): Promise<void> {
  for (const k of order) expect((await sync(t[k], t.folder)).problems).toEqual([]);
  for (const k of ['a', 'b', 'c', 'a', 'b'] as const) await sync(t[k], t.folder);
}

const ORDERS: Till[][] = [
  ['a', 'b', 'c'],
  ['c', 'b', 'a'],
  ['b', 'c', 'a', 'c'],
];

const hex = (id: string): string => id.replace(/-/g, '').toUpperCase();

describe('erasing a customer erases the notes on their purchases on every till', () => {
  it.each(ORDERS)('whatever the order, and notes written elsewhere before the erasure was known (order %s…)', async (...order) => {
    const t = await threeTills();
    const { a, b, c, x, y } = t;
    // Before they sync: B and C ring up X with notes and a rating; A erases X.
    b.clock.now = new Date('2026-11-25T04:00:00Z');
    const { sale } = await b.call('sales.record', { customerId: x.id, amount: 60_000, note: 'Ánh hẹn lấy bánh lúc 5 giờ' });
    await b.call('feedback.record', { saleId: sale.id, rating: 4, note: 'Ánh: nhân viên dễ thương' });
    c.clock.now = new Date('2026-11-25T04:10:00Z');
    await c.call('sales.record', { customerId: x.id, amount: 75_000, note: 'Ánh gọi lại số 0912 345 678' });
    await c.call('sales.record', { customerId: y.id, amount: 30_000, note: '陳小姐：少糖' });
    a.clock.now = new Date('2026-11-25T04:20:00Z');
    await a.call('customers.erase', { id: x.id });

    await syncAll(t, order);
    const d = await notes(a);
    expect(await notes(b)).toEqual(d);
    expect(await notes(c)).toEqual(d);
    const xSales = d.saleNotes.filter((s) => s.customer === hex(x.id));
    expect(xSales).toHaveLength(3);
    expect(xSales.map((s) => s.note)).toEqual([null, null, null]);
    expect(d.ratingNotes.filter((r) => r.customer === hex(x.id)).map((r) => [r.rating, r.note])).toEqual(
      expect.arrayContaining([
        [5, null],
        [4, null],
      ]),
    );
    // Another customer's notes stay.
    expect(
      d.saleNotes
        .filter((s) => s.customer === hex(y.id))
        .map((s) => s.note)
        .sort(),
    ).toEqual(['陳小姐：不要冰', '陳小姐：少糖']);

    // Replayed twice from the start: nothing comes back.
    for (const s of [a, b, c])
      for (let i = 0; i < 2; i++) {
        await s.backend.ctx.db.deleteFrom('sync_peers').execute();
        await sync(s, t.folder);
        expect(await notes(s)).toEqual(d);
      }
  });
});
