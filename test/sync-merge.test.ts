/**
 * Merges, duplicate customers, tier floors, ratings and clocks in sync (issue 18): three real shop
 * files (copies of one shop, as a second and third till would be) and one real folder. Every
 * outcome is checked in several sync orders, and a replay of every feed changes nothing.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { run } from '../src/main/cli/index';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

const RULE = {
  windowDays: 365,
  tiers: [
    { name: 'Bronze', minSpend: 5_000_000 },
    { name: 'Silver', minSpend: 10_000_000 },
    { name: 'Gold', minSpend: 20_000_000 },
  ],
};

/** Till A with customers X and Y (each with a card and a purchase) and a tier rule; B and C copies of it. */
async function threeTills() {
  let a = await openShop();
  await a.call('tiers.setRule', RULE);
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const y = await a.call('customers.create', { fullName: 'Nguyen Thi Anh', phone: '0987 654 321' });
  const xCard = await a.call('cards.issue', { customerId: x.id });
  const yCard = await a.call('cards.issue', { customerId: y.id });
  const xSale = (await a.call('sales.record', { customerId: x.id, amount: 120_000 })).sale;
  await a.call('sales.record', { customerId: y.id, amount: 300_000 });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, x, y, xCard, yCard, xSale, folder: tempDir('regulars-sync-') };
}

/** The business rows by global id, merges and floors and ratings included: equal on every till that has synced everything. */
async function digest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const q = async (s: ReturnType<typeof sql<Record<string, unknown>>>) => (await s.execute(db)).rows;
  const gid = sql`i.id || ':' || coalesce(x.origin_key, x.id)`;
  return {
    customers: await q(sql`SELECT hex(c.gid) AS gid, c.full_name, c.phone, c.erased_at, nullif(hex(m.gid), '') AS merged_into, c.updated_at
      FROM customers c LEFT JOIN customers m ON m.id = c.merged_into ORDER BY 1`),
    merges: await q(sql`SELECT hex(m.gid) AS gid, hex(s.gid) AS survivor, hex(a.gid) AS absorbed, m.choices, m.merged_at
      FROM customer_merges m JOIN customers s ON s.id = m.survivor_id JOIN customers a ON a.id = m.absorbed_id ORDER BY 1`),
    cards:
      await q(sql`SELECT hex(k.gid) AS gid, hex(c.gid) AS customer, k.status, k.status_at, k.status_reason, nullif(hex(r.gid), '') AS replaced_by
      FROM cards k JOIN customers c ON c.id = k.customer_id LEFT JOIN cards r ON r.id = k.replaced_by_card_id ORDER BY 1`),
    sales: await q(sql`SELECT ${gid} AS gid, hex(c.gid) AS customer, x.total, x.voided_at
      FROM sales x JOIN installs i ON i.key = x.origin LEFT JOIN customers c ON c.id = x.customer_id ORDER BY 1`),
    ledger:
      await q(sql`SELECT ${gid} AS gid, hex(c.gid) AS customer, x.kind, x.points, CASE WHEN x.lot_debt IS NOT NULL THEN coalesce((SELECT o.remaining FROM point_lots o WHERE o.lot_id = x.id), 0) END AS remaining
      FROM points_ledger x JOIN installs i ON i.key = x.origin JOIN customers c ON c.id = x.customer_id ORDER BY 1`),
    stats: await q(
      sql`SELECT hex(c.gid) AS customer, s.visits, s.spend FROM customer_stats s JOIN customers c ON c.id = s.customer_id ORDER BY 1`,
    ),
    floors: await q(sql`SELECT hex(f.gid) AS gid, hex(c.gid) AS customer, f.tier, f.reason, f.until, f.set_at, f.cleared_at, f.clear_reason
      FROM tier_floors f JOIN customers c ON c.id = f.customer_id ORDER BY 1`),
    ratings:
      await q(sql`SELECT hex(f.gid) AS gid, hex(c.gid) AS customer, f.sale_id IS NOT NULL AS rated_sale, f.rating, f.note, f.created_at
      FROM feedback f JOIN customers c ON c.id = f.customer_id ORDER BY 1`),
  };
}

const hex = (id: string): string => id.replace(/-/g, '').toUpperCase();

/** Syncs the tills in the order given, then round after round until nothing moves, and checks they agree. */
async function converge(
  tills: TestShop[],
  order: number[],
  folder: string,
  compare: (d: Awaited<ReturnType<typeof digest>>) => unknown = (d) => d,
): Promise<Awaited<ReturnType<typeof digest>>> {
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
  const first = await digest(tills[0]!);
  for (const t of tills.slice(1)) expect(compare(await digest(t))).toEqual(compare(first));
  return first;
}

/** Forgets which feeds were applied and applies them all again: no row changes. */
async function replayAll(
  shop: TestShop,
  folder: string,
  before: Awaited<ReturnType<typeof digest>>,
  cards = 0,
  compare: (d: Awaited<ReturnType<typeof digest>>) => unknown = (d) => d,
): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await shop.backend.ctx.db.deleteFrom('sync_peers').execute();
    const replay = await sync(shop, folder);
    expect(replay.applied.length).toBeGreaterThan(0);
    for (const r of replay.applied)
      expect(r).toMatchObject({ customers: 0, sales: 0, voids: 0, points: 0, merges: 0, floors: 0, ratings: 0 });
    expect(replay.applied.reduce((n, r) => n + r.cards, 0)).toBeLessThanOrEqual(cards);
    expect(compare(await digest(shop))).toEqual(compare(before));
  }
}

const ORDERS = [
  [0, 1, 2],
  [2, 1, 0],
  [1, 2, 0],
];
/** Every order three tills can first sync in. */
const ALL_ORDERS = [...ORDERS, [0, 2, 1], [1, 0, 2], [2, 0, 1]];

describe('customer merges in sync', () => {
  it.each(ORDERS)(
    'a merge on one till is applied on the others, and rows of the absorbed customer sent later by a till that did not know land on the survivor (order %j)',
    async (...order) => {
      const { a, b, c, x, y, yCard, folder } = await threeTills();
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      const m = await a.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: { phone: 'absorbed' } });
      expect(m.moved).toMatchObject({ sales: 1, cards: 1 });
      // C has not heard of the merge: it sells to Y by Y's card, gives Y points and records Y's rating.
      c.clock.now = new Date('2026-11-25T04:10:00Z');
      const cSale = await c.call('sales.record', { cardNumber: yCard.number, amount: 80_000 });
      await c.call('points.adjust', { customerId: y.id, points: 20, reason: 'apology' });
      await c.call('feedback.record', { saleId: cSale.sale.id, rating: 5, note: 'ngon' });
      await c.call('tiers.setFloor', { customerId: y.id, tier: 'Gold', until: '2026-12-31', reason: 'owner’s friend' });
      // B sells to X.
      b.clock.now = new Date('2026-11-25T04:20:00Z');
      await b.call('sales.record', { customerId: x.id, amount: 45_000 });

      const d = await converge([a, b, c], order, folder);
      const yRow = d.customers.find((r) => r.gid === hex(y.id))!;
      expect(yRow.merged_into).toBe(hex(x.id));
      expect(yRow.erased_at).toBe(m.mergedAt);
      expect(d.customers.find((r) => r.gid === hex(x.id))).toMatchObject({ merged_into: null, erased_at: null, phone: '0987 654 321' });
      expect(d.merges).toEqual([expect.objectContaining({ gid: hex(m.id), survivor: hex(x.id), absorbed: hex(y.id) })]);
      // Nothing stays on the hidden record: purchases, points, ratings, floors and cards are X's on every till.
      for (const rows of [d.sales, d.ledger, d.ratings, d.floors, d.cards]) for (const r of rows) expect(r.customer).toBe(hex(x.id));
      expect(d.sales).toHaveLength(4);
      expect(d.ratings).toHaveLength(1);
      expect(d.floors).toEqual([expect.objectContaining({ tier: 'Gold', cleared_at: null })]);
      for (const t of [a, b, c]) {
        const got = await t.call('customers.get', { id: x.id });
        expect(got.stats).toMatchObject({ visits: 4, totalSpend: 120_000 + 300_000 + 80_000 + 45_000 });
        expect((await t.call('tiers.status', { customerId: x.id })).tier).toBe('Gold');
      }
      // One active card for the person: X's own; Y's card was replaced by it on A and stays so everywhere.
      expect(d.cards.filter((k) => k.status === 'active')).toHaveLength(1);
      await replayAll(c, folder, d);
    },
  );

  it.each(ORDERS)(
    'a card replaced on a till that did not know of the merge becomes the person’s card everywhere; the survivor’s old card still works (order %j)',
    async (...order) => {
      const { a, b, c, x, y, xCard, yCard, folder } = await threeTills();
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      await a.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: {} });
      c.clock.now = new Date('2026-11-25T04:10:00Z');
      const fresh = await c.call('cards.replace', { cardId: yCard.id, reason: 'lost wallet' });
      await c.call('sales.record', { cardNumber: fresh.number, amount: 25_000 });
      const d = await converge([a, b, c], order, folder);
      expect(d.cards.filter((k) => k.status === 'active')).toEqual([expect.objectContaining({ gid: hex(fresh.id), customer: hex(x.id) })]);
      expect(d.cards.find((k) => k.gid === hex(xCard.id))).toMatchObject({ status: 'replaced', replaced_by: hex(fresh.id) });
      for (const t of [a, b, c]) {
        // The survivor's old card is read as the person's card at the counter; Y's, reported lost, is refused.
        const sold = await t.call('sales.record', { cardNumber: xCard.number, amount: 10_000 });
        expect(sold.sale.customerId).toBe(x.id);
        expect((await t.fail('sales.record', { cardNumber: yCard.number, amount: 10_000 })).code).toBe('CARD_REPLACED');
      }
    },
  );

  it.each(ALL_ORDERS)(
    'the same pair merged both ways on two tills, and a third merging into the absorbed one, end the same everywhere: the earlier merge decides (order %j)',
    async (...order) => {
      const { a, b, c, x, y, folder } = await threeTills();
      const z = await c.call('customers.create', { fullName: 'Ánh Nguyễn', phone: '0911 111 111' });
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      const ab = await a.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: {} });
      b.clock.now = new Date('2026-11-25T04:05:00Z');
      const ba = await b.call('customers.merge', { survivorId: y.id, absorbedId: x.id, choices: { fullName: 'survivor' } });
      c.clock.now = new Date('2026-11-25T04:10:00Z');
      await c.call('sales.record', { customerId: z.id, amount: 10_000 });
      const cz = await c.call('customers.merge', { survivorId: y.id, absorbedId: z.id, choices: {} });

      const d = await converge([a, b, c], order, folder);
      const row = (id: string) => d.customers.find((r) => r.gid === hex(id))!;
      // A's merge (the earlier clock) wins: Y is hidden in X; B's reverse merge changes nothing; Z, merged into Y, reaches X.
      expect(row(x.id)).toMatchObject({ merged_into: null, erased_at: null });
      expect(row(y.id)).toMatchObject({ merged_into: hex(x.id), erased_at: ab.mergedAt });
      expect(row(z.id)).toMatchObject({ merged_into: hex(x.id), erased_at: cz.mergedAt });
      expect(d.merges.map((m) => m.gid)).toEqual([ab.id, ba.id, cz.id].map(hex).sort());
      for (const s of d.sales) expect(s.customer).toBe(hex(x.id));
      expect(d.cards.filter((k) => k.status === 'active')).toHaveLength(1);
      // X shows in lists and searches; Y and Z do not; asking for Y leads to X.
      const found = await a.call('customers.search', { query: 'Anh' });
      expect(found.items.map((i) => i.id)).toEqual([x.id]);
      // A replay takes the card the reverse merge replaced as replaced again, and the settling makes it active again: no row differs.
      await replayAll(b, folder, d, 1);
    },
  );
});

describe('the same merge made on two tills', () => {
  it.each(ORDERS)('both are kept as records, the customer is hidden once, and nothing moves twice (order %j)', async (...order) => {
    const { a, b, c, x, y, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const first = await a.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: { fullName: 'absorbed' } });
    b.clock.now = new Date('2026-11-25T04:03:00Z');
    const second = await b.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: {} });
    c.clock.now = new Date('2026-11-25T04:05:00Z');
    await c.call('sales.record', { customerId: y.id, amount: 70_000 });
    const d = await converge([a, b, c], order, folder);
    expect(d.merges.map((m) => m.gid)).toEqual([first.id, second.id].map(hex).sort());
    expect(d.customers.find((r) => r.gid === hex(y.id))).toMatchObject({ merged_into: hex(x.id), erased_at: first.mergedAt });
    expect(d.customers.find((r) => r.gid === hex(x.id))).toMatchObject({ merged_into: null, full_name: 'Nguyen Thi Anh' });
    for (const s of d.sales) expect(s.customer).toBe(hex(x.id));
    expect(d.stats.find((r) => r.customer === hex(x.id))).toMatchObject({ visits: 3, spend: 120_000 + 300_000 + 70_000 });
    expect(d.cards.filter((k) => k.status === 'active')).toEqual([expect.objectContaining({ customer: hex(x.id) })]);
    await replayAll(a, folder, d);
  });
});

describe('two customers made for one phone on two tills', () => {
  it('both are kept, each till offers the other as a possible duplicate, and a merge of them travels', async () => {
    const { a, b, c, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const onA = await a.call('customers.create', { fullName: 'Lê Văn Tám', phone: '0903 111 222' });
    b.clock.now = new Date('2026-11-25T04:01:00Z');
    const onB = await b.call('customers.create', { fullName: 'Le Van Tam', phone: '+84 903 111 222' });
    await b.call('sales.record', { customerId: onB.id, amount: 50_000 });
    await sync(a, folder);
    // B takes in A's customer beside its own: the pair is named in the report, to be offered for merge.
    const atB = await sync(b, folder);
    expect(atB.applied.flatMap((r) => r.duplicates)).toEqual([
      { customer: expect.objectContaining({ id: onA.id }), other: expect.objectContaining({ id: onB.id }), matchedOn: 'phone' },
    ]);
    // C, from the command line, takes in both and says so.
    await c.backend.close();
    const lines: string[] = [];
    expect(await run(['sync', '--data-dir', c.dir, '--folder', folder], (s) => void lines.push(s))).toBe(0);
    expect(lines.join('\n')).toContain('Possible duplicate:');
    expect(lines.join('\n')).toContain('(same phone)');
    const c2 = await openShop({ dir: c.dir });
    expect((await sync(a, folder)).applied.flatMap((r) => r.duplicates)).toEqual([
      { customer: expect.objectContaining({ id: onB.id }), other: expect.objectContaining({ id: onA.id }), matchedOn: 'phone' },
    ]);
    // Nothing is offered twice: syncing again names no pair.
    expect((await sync(a, folder)).applied.flatMap((r) => r.duplicates)).toEqual([]);
    await converge([a, b, c2], [0, 1, 2], folder);
    for (const [t, mine, other] of [
      [a, onA, onB],
      [b, onB, onA],
      [c2, onA, onB],
    ] as const) {
      const dups = await t.call('customers.duplicates', { phone: mine.phone, excludeId: mine.id });
      expect(dups).toEqual([expect.objectContaining({ id: other.id, matchedOn: 'phone' })]);
    }
    c2.clock.now = new Date('2026-11-25T05:00:00Z');
    await c2.call('customers.merge', { survivorId: onA.id, absorbedId: onB.id, choices: {} });
    const d = await converge([a, b, c2], [2, 0, 1], folder);
    expect(d.customers.find((r) => r.gid === hex(onB.id))!.merged_into).toBe(hex(onA.id));
    for (const t of [a, b]) expect(await t.call('customers.duplicates', { phone: onA.phone, excludeId: onA.id })).toEqual([]);
  });
});

describe('tier floors and ratings in sync', () => {
  it.each(ORDERS)(
    'the latest floor event per customer wins everywhere, an ending included; ratings are all kept (order %j)',
    async (...order) => {
      const { a, b, c, x, y, xSale, folder } = await threeTills();
      // X: a floor set on A, a later one on B: B's is in force everywhere, A's ended as B's replacement.
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      await a.call('tiers.setFloor', { customerId: x.id, tier: 'Gold', until: '2026-12-31', reason: 'VIP' });
      b.clock.now = new Date('2026-11-25T04:05:00Z');
      await b.call('tiers.setFloor', { customerId: x.id, tier: 'Silver', until: '2027-01-31', reason: 'regular' });
      // Y: a floor on A, ended later on C after C had synced with A... and set again on B earlier still.
      await a.call('tiers.setFloor', { customerId: y.id, tier: 'Bronze', until: '2026-12-31', reason: 'trial' });
      await sync(a, folder);
      await sync(c, folder);
      b.clock.now = new Date('2026-11-25T04:06:00Z');
      await b.call('tiers.setFloor', { customerId: y.id, tier: 'Gold', until: '2026-12-31', reason: 'birthday month' });
      c.clock.now = new Date('2026-11-25T04:30:00Z');
      await c.call('tiers.clearFloor', { customerId: y.id, reason: 'trial over' });
      // Ratings on two tills, one of a purchase made before the copies.
      await a.call('feedback.record', { saleId: xSale.id, rating: 4, note: 'good' });
      await b.call('feedback.record', { customerId: x.id, rating: 2, note: 'slow' });

      const d = await converge([a, b, c], order, folder);
      const inForce = d.floors.filter((f) => f.cleared_at === null);
      expect(inForce).toEqual([expect.objectContaining({ customer: hex(x.id), tier: 'Silver' })]);
      expect(d.floors.find((f) => f.tier === 'Gold' && f.customer === hex(x.id))).toMatchObject({
        cleared_at: '2026-11-25T04:05:00.000Z',
        clear_reason: 'replaced: regular',
      });
      for (const t of [a, b, c]) {
        expect(await t.call('tiers.status', { customerId: x.id })).toMatchObject({ tier: 'Silver' });
        expect((await t.call('tiers.status', { customerId: y.id })).floor).toBeNull();
        const fb = await t.call('feedback.list', { customerId: x.id });
        expect(fb).toMatchObject({ count: 2, average: 3 });
      }
      expect(d.ratings.map((r) => r.rated_sale).sort()).toEqual([0, 1]);
      await replayAll(a, folder, d);
    },
  );
});

describe('a merge of two customers who both have a tier floor in force', () => {
  it('keeps the later floor in force, on the merging till and on the others', async () => {
    const { a, b, x, y, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await a.call('tiers.setFloor', { customerId: y.id, tier: 'Gold', until: '2026-12-31', reason: 'owner’s aunt' });
    a.clock.now = new Date('2026-11-25T04:01:00Z');
    await a.call('tiers.setFloor', { customerId: x.id, tier: 'Bronze', until: '2026-12-31', reason: 'trial' });
    await sync(a, folder);
    await sync(b, folder);
    b.clock.now = new Date('2026-11-25T04:30:00Z');
    const m = await b.call('customers.merge', { survivorId: x.id, absorbedId: y.id, choices: {} });
    expect(m.moved.tierFloors).toBe(1);
    const d = await converge([a, b], [1, 0], folder);
    expect(d.floors.filter((f) => f.cleared_at === null)).toEqual([expect.objectContaining({ customer: hex(x.id), tier: 'Bronze' })]);
    for (const t of [a, b]) expect((await t.call('tiers.status', { customerId: x.id })).floor).toMatchObject({ tier: 'Bronze' });
  });
});

describe('clocks that drift', () => {
  it('warns when another till’s clock is far ahead or behind, never refuses, and not for a feed that merely waited', async () => {
    const { a, b, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    // B's computer runs an hour fast.
    b.clock.now = new Date('2026-11-25T05:00:30Z');
    await b.call('customers.create', { fullName: 'Đỗ Hùng' });
    await sync(b, folder);
    a.clock.now = new Date('2026-11-25T04:00:40Z');
    const atA = await sync(a, folder);
    expect(atA.applied).toHaveLength(1);
    const bOnA = atA.clocks.find((p) => p.install === b.backend.database.install.id)!;
    expect(bOnA.warning).toEqual({ direction: 'ahead', ms: 60 * 60_000 - 10_000 });
    const status = await a.call('sync.status', {});
    expect(status.peers.find((p) => p.tag === 2)!.clock).toMatchObject({ warning: { direction: 'ahead' } });

    // B applies A's feed, written long before (it waited in the folder): that alone says nothing of A's clock.
    b.clock.now = new Date('2026-11-25T09:00:00Z');
    const atB = await sync(b, folder);
    expect(atB.applied).toHaveLength(1);
    expect(atB.clocks.find((p) => p.install === a.backend.database.install.id)!.warning).toBeNull();
    // A's next feed carries A's measure of B's clock: now B knows A is at least 50 minutes behind it.
    a.clock.now = new Date('2026-11-25T04:02:00Z');
    await a.call('customers.create', { fullName: 'Phan Thị Mai' });
    await sync(a, folder);
    b.clock.now = new Date('2026-11-25T09:05:00Z');
    const again = await sync(b, folder);
    expect(again.clocks.find((p) => p.install === a.backend.database.install.id)!.warning).toMatchObject({ direction: 'behind' });

    // The command line says it too.
    const dirs = [a.dir, b.dir];
    await a.backend.close();
    await b.backend.close();
    const lines: string[] = [];
    expect(await run(['sync', '--data-dir', dirs[0]!, '--folder', folder], (s) => void lines.push(s))).toBe(0);
    expect(lines.join('\n')).toMatch(/clock of till 2 is at least \d+ minutes ahead/);
  });

  it('clocks within five minutes raise nothing', async () => {
    const { a, b, folder } = await threeTills();
    b.clock.now = new Date('2026-11-25T04:04:00Z');
    await b.call('customers.create', { fullName: 'Vũ Lan' });
    await sync(b, folder);
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const r = await sync(a, folder);
    expect(r.clocks).toEqual([expect.objectContaining({ tag: 2, aheadAtLeastMs: 4 * 60_000, warning: null })]);
  });
});

describe('random interleavings of merges, purchases, floors, ratings and card changes on three tills', () => {
  type Op =
    | { t: 'merge'; till: number; s: number; a: number }
    | { t: 'sale' | 'floor' | 'clear' | 'rate' | 'block' | 'lose' | 'replace'; till: number; c: number }
    | { t: 'sync'; till: number };
  const till = fc.integer({ min: 0, max: 2 });
  const who = fc.integer({ min: 0, max: 3 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ t: fc.constant('merge' as const), till, s: who, a: who }),
    fc.record({ t: fc.constantFrom('sale' as const, 'floor' as const, 'clear' as const, 'rate' as const), till, c: who }),
    fc.record({ t: fc.constantFrom('block' as const, 'lose' as const, 'replace' as const), till, c: who }),
    fc.record({ t: fc.constant('sync' as const), till }),
  );

  it('end with the same rows everywhere (card statuses included), nothing left on a hidden record, one floor in force and one active card at most', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 18 }), async (ops) => {
        let a = await openShop();
        await a.call('tiers.setRule', RULE);
        const people: string[] = [];
        for (const name of ['Ánh', 'Bình', 'Cúc', 'Dũng']) {
          const c = await a.call('customers.create', { fullName: name });
          await a.call('cards.issue', { customerId: c.id });
          await a.call('sales.record', { customerId: c.id, amount: 100_000 });
          people.push(c.id);
        }
        const aDir = a.dir;
        let b = await openShop({ dir: await copyOf(a) });
        const c = await openShop({ dir: await copyOf(b) });
        b = await openShop({ dir: b.dir });
        a = await openShop({ dir: aDir });
        const tills = [a, b, c];
        const folder = tempDir('regulars-sync-');
        // A refused call (merging a hidden customer, clearing a floor that is not there) is a till saying no: the run goes on.
        const attempt = async (t: TestShop, method: string, input: unknown): Promise<void> => {
          await t.call(method as never, input as never).catch(() => undefined);
        };
        for (const [i, o] of ops.entries()) {
          const t = tills[o.till]!;
          t.clock.now = new Date(Date.parse('2026-11-25T04:00:00Z') + i * 60_000 + o.till * 1000);
          if (o.t === 'sync') await sync(t, folder);
          else if (o.t === 'merge') {
            if (o.s !== o.a) await attempt(t, 'customers.merge', { survivorId: people[o.s], absorbedId: people[o.a], choices: {} });
          } else if (o.t === 'sale') await attempt(t, 'sales.record', { customerId: people[o.c], amount: 10_000 + i });
          else if (o.t === 'floor')
            await attempt(t, 'tiers.setFloor', {
              customerId: people[o.c],
              tier: RULE.tiers[i % 3]!.name,
              until: '2026-12-31',
              reason: `r${i}`,
            });
          else if (o.t === 'clear') await attempt(t, 'tiers.clearFloor', { customerId: people[o.c], reason: `c${i}` });
          else if (o.t === 'rate') await attempt(t, 'feedback.record', { customerId: people[o.c], rating: 1 + (i % 5), note: null });
          else {
            // The card the person carries on this till now (a merged customer's page is its survivor's).
            const page = await t.call('customers.get', { id: people[o.c]! }).catch(() => null);
            const card = page?.cards.find((k) => k.status === 'active');
            if (!card) continue;
            if (o.t === 'replace') await attempt(t, 'cards.replace', { cardId: card.id, reason: `r${i}` });
            else
              await attempt(t, 'cards.setStatus', { cardId: card.id, status: o.t === 'block' ? 'blocked' : 'lost', reason: `${o.t}${i}` });
          }
        }
        // Card statuses included: which of a person's cards ends active follows from the cards' own statuses (sync/cardStatus.ts).
        const d = await converge(tills, [2, 0, 1], folder);
        const hidden = new Set(d.customers.filter((r) => r.merged_into !== null).map((r) => r.gid));
        for (const rows of [d.sales, d.ledger, d.ratings, d.floors, d.cards])
          for (const r of rows) expect(hidden.has(String(r.customer))).toBe(false);
        const inForce = d.floors.filter((f) => f.cleared_at === null).map((f) => f.customer);
        expect(new Set(inForce).size).toBe(inForce.length);
        for (const t of tills) {
          const cards = await digest(t);
          const active = cards.cards.filter((k) => k.status === 'active').map((k) => k.customer);
          expect(new Set(active).size).toBe(active.length);
        }
        await replayAll(tills[ops.length % 3]!, folder, d, 4);
        for (const t of tills) await t.backend.close();
      }),
      {
        numRuns: Number(process.env.SYNC_MERGE_RUNS ?? 6),
        seed: process.env.SYNC_MERGE_SEED ? Number(process.env.SYNC_MERGE_SEED) : undefined,
        path: process.env.SYNC_MERGE_PATH,
        endOnFailure: process.env.SYNC_MERGE_NO_SHRINK === '1',
      },
    );
  }, 120_000);
});
