/**
 * Card status in sync (issue 18, sync/cardStatus.ts): three real shop files (copies of one shop) and
 * one real folder. Each card's own status travels as a fact; which of a person's cards is active is
 * derived the same way on every till. Every case runs in every sync order, and a replay of every
 * feed twice changes nothing.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const sync = (shop: TestShop, folder: string) => syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

const ALL_ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/** Till A with customers X, Y and Z, each with a card; B and C copies of it. */
async function threeTills() {
  let a = await openShop();
  const people = [];
  for (const fullName of ['Nguyễn Thị Ánh', 'Trần Văn Bình', '王芳']) people.push(await a.call('customers.create', { fullName }));
  const cards = [];
  for (const p of people) cards.push(await a.call('cards.issue', { customerId: p.id }));
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, people, cards, folder: tempDir('regulars-sync-cards-') };
}

const hex = (id: string): string => id.replace(/-/g, '').toUpperCase();

/** Every card with its holder and status, and who is hidden in whom. */
async function digest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const cards = await sql<Record<string, unknown>>`SELECT hex(k.gid) AS gid, hex(c.gid) AS customer, k.status, k.status_at, k.status_reason,
      nullif(hex(r.gid), '') AS replaced_by FROM cards k JOIN customers c ON c.id = k.customer_id LEFT JOIN cards r ON r.id = k.replaced_by_card_id ORDER BY 1`.execute(
    db,
  );
  const customers = await sql<Record<string, unknown>>`SELECT hex(c.gid) AS gid, nullif(hex(m.gid), '') AS merged_into
      FROM customers c LEFT JOIN customers m ON m.id = c.merged_into ORDER BY 1`.execute(db);
  return { cards: cards.rows, customers: customers.rows };
}

/** Syncs in the order given, then rounds until nothing moves; the tills agree, and a replay of every feed twice changes nothing. */
async function converge(tills: TestShop[], order: number[], folder: string) {
  for (const i of order) await sync(tills[i]!, folder);
  for (let round = 0; round < 4; round++) {
    let moved = false;
    for (const t of tills) {
      const r = await sync(t, folder);
      expect(r.problems).toEqual([]);
      if (r.exported.seq !== null || r.applied.length > 0) moved = true;
    }
    if (!moved) break;
  }
  const first = await digest(tills[0]!);
  for (const t of tills.slice(1)) expect(await digest(t)).toEqual(first);
  const replaying = tills[order[0]!]!;
  for (let i = 0; i < 2; i++) {
    await replaying.backend.ctx.db.deleteFrom('sync_peers').execute();
    const r = await sync(replaying, folder);
    expect(r.applied.reduce((n, x) => n + x.cards, 0)).toBe(0);
    expect(await digest(replaying)).toEqual(first);
  }
  return first;
}

describe('card status through sync', () => {
  it.each(ALL_ORDERS.map((o) => [o]))(
    'the card a merge kept, blocked on a till that did not know of the merge: the absorbed one’s card is the person’s everywhere (order %j)',
    async (order) => {
      const { a, b, c, people, cards, folder } = await threeTills();
      const [x, y] = people;
      const [xCard, yCard] = cards;
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      await a.call('customers.merge', { survivorId: x!.id, absorbedId: y!.id, choices: {} });
      b.clock.now = new Date('2026-11-25T04:05:00Z');
      await b.call('cards.setStatus', { cardId: xCard!.id, status: 'blocked', reason: 'stolen' });
      const d = await converge([a, b, c], order, folder);
      const of = (id: string) => d.cards.find((k) => k.gid === hex(id));
      expect(of(xCard!.id)).toMatchObject({ status: 'blocked', status_reason: 'stolen', replaced_by: null, customer: hex(x!.id) });
      expect(of(yCard!.id)).toMatchObject({ status: 'active', status_reason: null, replaced_by: null, customer: hex(x!.id) });
      for (const t of [a, b, c]) {
        expect((await t.call('sales.record', { cardNumber: yCard!.number, amount: 10_000 })).sale.customerId).toBe(x!.id);
        expect((await t.fail('sales.record', { cardNumber: xCard!.number, amount: 10_000 })).code).toBe('CARD_BLOCKED');
      }
    },
  );

  it.each(ALL_ORDERS.map((o) => [o]))(
    'a card blocked on two tills and reported lost on a third is blocked everywhere, with the later block’s reason and time (order %j)',
    async (order) => {
      const { a, b, c, cards, folder } = await threeTills();
      const card = cards[0]!;
      b.clock.now = new Date('2026-11-25T04:01:00Z');
      await b.call('cards.setStatus', { cardId: card.id, status: 'blocked', reason: 'b' });
      c.clock.now = new Date('2026-11-25T04:03:00Z');
      await c.call('cards.setStatus', { cardId: card.id, status: 'blocked', reason: 'c' });
      // The loss is the latest entry, but a loss is less final than a block: it must not lend the block its clock.
      a.clock.now = new Date('2026-11-25T04:05:00Z');
      await a.call('cards.setStatus', { cardId: card.id, status: 'lost', reason: 'a' });
      const d = await converge([a, b, c], order, folder);
      expect(d.cards.find((k) => k.gid === hex(card.id))).toMatchObject({
        status: 'blocked',
        status_reason: 'c',
        status_at: '2026-11-25T04:03:00.000Z',
      });
    },
  );

  it.each(ALL_ORDERS.map((o) => [o]))(
    'overlapping merges on three tills (a pair both ways, a third into one of them) end with the same active card everywhere: the latest merge’s survivor’s (order %j)',
    async (order) => {
      const { a, b, c, people, cards, folder } = await threeTills();
      const [x, y, z] = people;
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      await a.call('customers.merge', { survivorId: x!.id, absorbedId: y!.id, choices: {} });
      b.clock.now = new Date('2026-11-25T04:05:00Z');
      await b.call('customers.merge', { survivorId: y!.id, absorbedId: x!.id, choices: {} });
      c.clock.now = new Date('2026-11-25T04:10:00Z');
      await c.call('customers.merge', { survivorId: z!.id, absorbedId: y!.id, choices: {} });
      const d = await converge([a, b, c], order, folder);
      const active = d.cards.filter((k) => k.status === 'active');
      // One person now, Z (A's merge, the earliest, hides Y in X; B's changes nothing; C's hides that person in Z):
      // one active card, Z's, kept by the latest merge.
      expect(active).toEqual([expect.objectContaining({ gid: hex(cards[2]!.id), customer: hex(z!.id) })]);
      for (const k of d.cards.filter((k) => k.status !== 'active'))
        expect(k).toMatchObject({ status: 'replaced', status_reason: 'merged', replaced_by: hex(cards[2]!.id) });
      // Every card the person may carry still sells to them, on every till.
      for (const t of [a, b, c])
        for (const card of cards)
          expect((await t.call('sales.record', { cardNumber: card.number, amount: 10_000 })).sale.customerId).toBe(z!.id);
    },
  );
});
