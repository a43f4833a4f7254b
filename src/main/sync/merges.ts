/**
 * Customer merges in feeds (issue 18). A merge travels as a fact (the pair, the owner's choices, what
 * moved, when); the profile choices travel as the survivor's fields (last writer wins) and the moved
 * cards as cards. Who is hidden in whom is not taken from any one feed but computed from every
 * merge known, the same way on every install: merges in clock order (HLC, install, id), each joining
 * the absorbed side's person into the survivor's unless they are one person already. So two tills
 * merging the same pair, A into B on one and B into A on another, or chains, end the same
 * everywhere: the earlier merge decides, a later one of the same people changes nothing.
 *
 * After every applied feed the rows of every hidden record (purchases, ledger rows and lots,
 * ratings, tier floors, coupons, cards, campaign memberships, the responsible staff member) are
 * re-pointed at its person, so a purchase of the absorbed customer that arrives later from a till
 * that did not know of the merge lands on the survivor whatever the order. Hidden records carry
 * erased_at = the merge's time; a record a later-known earlier merge brings back is shown again.
 */
import { gidBytes, gidText } from '../../shared/gid';
import { MERGED_CARD_REASON, settleCards } from './cardStatus';
import { payDebt } from '../services/privacy/merge';
import { moveLots } from '../services/points/lots';
import type { Tx } from '../services/context';
import type { Clock } from './entries';
import { ownTouchedKeys, type ApplyKit, type ExportRange } from './kit';
import type { MergeEntry } from './mergeEntries';
import { compareClocks, loggedEntries, NO_CLOCK } from './logClocks';
import { settleFloors } from './tierFloors';

/** This install's merges since its last feed (every merge it knows, in its first). */
export async function exportMerges(r: ExportRange): Promise<MergeEntry[]> {
  const keys = await ownTouchedKeys(r, 'customer_merge');
  if (keys?.length === 0) return [];
  const merges = await r.trx
    .selectFrom('customer_merges as m')
    .innerJoin('customers as s', 's.id', 'm.survivor_id')
    .innerJoin('customers as a', 'a.id', 'm.absorbed_id')
    .select(['m.id', 'm.gid', 's.gid as survivor', 'a.gid as absorbed', 'm.choices', 'm.moved', 'm.merged_at'])
    .$if(keys !== undefined, (q) => q.where('m.id', 'in', keys!))
    .orderBy('m.id')
    .execute();
  const clocks = await loggedEntries(r.trx, 'customer_merge', r.installIds, keys);
  return merges.map((m) => ({
    t: 'merge',
    gid: gidText(m.gid),
    survivor: gidText(m.survivor),
    absorbed: gidText(m.absorbed),
    choices: m.choices,
    moved: m.moved,
    merged_at: m.merged_at,
    clock: clocks.get(m.id)?.[0]?.clock ?? NO_CLOCK,
  }));
}

/** Records a merge made elsewhere (once, by its id); `settleMerges` then re-points the rows. */
export async function applyMerge(k: ApplyKit, e: MergeEntry): Promise<boolean> {
  const gid = Buffer.from(gidBytes(e.gid)!);
  if (await k.trx.selectFrom('customer_merges').select('id').where('gid', '=', gid).executeTakeFirst()) return false;
  const survivor = await k.customerKey(e.survivor);
  const absorbed = await k.customerKey(e.absorbed);
  const { id } = await k.trx
    .insertInto('customer_merges')
    .values({ gid, survivor_id: survivor, absorbed_id: absorbed, choices: e.choices, moved: e.moved, merged_at: e.merged_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (e.clock[0] > 0) await k.log('customer_merge', id, 'create', e.clock[0], k.installKey(e.clock[1]), null);
  return true;
}

interface Merge {
  id: number;
  gid: string;
  survivor: number;
  absorbed: number;
  mergedAt: string;
  clock: Clock;
}

/** Who each merged customer is now: the person (root) and the merge that joined it to another, from every merge in clock order. */
export function resolveMerges(merges: readonly Merge[]): { root: (c: number) => number; joinedBy: Map<number, Merge> } {
  const parent = new Map<number, number>();
  const root = (c: number): number => {
    let r = c;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const joinedBy = new Map<number, Merge>();
  const ordered = [...merges].sort((a, b) => compareClocks(a.clock, b.clock) || (a.gid < b.gid ? -1 : a.gid > b.gid ? 1 : 0));
  for (const m of ordered) {
    const [s, a] = [root(m.survivor), root(m.absorbed)];
    if (s === a) continue;
    parent.set(a, s);
    joinedBy.set(a, m);
  }
  return { root, joinedBy };
}

const MOVED_TABLES = [
  ['sales', 'sale'],
  ['points_ledger', 'points'],
  ['feedback', 'feedback'],
  ['tier_floors', 'tier_floor'],
  ['coupons', 'coupon'],
] as const;

/**
 * Makes the merged records what every merge known says (see the module's comment): merged_into and
 * erased_at of each customer in a merge, then every row of a hidden record moved to its person.
 * A person who received lots pays a debt the other side owed (services/privacy/merge.ts `payDebt`);
 * one who received tier floors keeps the latest in force (sync/tierFloors.ts).
 */
export async function settleMerges(k: ApplyKit): Promise<void> {
  const { trx } = k;
  const rows = await trx.selectFrom('customer_merges').select(['id', 'gid', 'survivor_id', 'absorbed_id', 'merged_at']).execute();
  if (rows.length === 0) return;
  const clocks = await loggedEntries(trx, 'customer_merge', k.installIds);
  const merges: Merge[] = rows.map((r) => ({
    id: r.id,
    gid: gidText(r.gid),
    survivor: r.survivor_id,
    absorbed: r.absorbed_id,
    mergedAt: r.merged_at,
    clock: clocks.get(r.id)?.[0]?.clock ?? NO_CLOCK,
  }));
  const { root, joinedBy } = resolveMerges(merges);
  const mergeTimes = new Set(merges.map((m) => m.mergedAt));
  const people = [...new Set(merges.flatMap((m) => [m.survivor, m.absorbed]))];
  const customers = await trx.selectFrom('customers').select(['id', 'merged_into', 'erased_at']).where('id', 'in', people).execute();
  const hidden = new Map<number, number>();
  for (const c of customers) {
    const person = root(c.id);
    let into: number | null = null;
    // A record erased for privacy keeps its erasure; one hidden by a merge shows or hides as the merges now say.
    let erased = c.erased_at !== null && mergeTimes.has(c.erased_at) ? null : c.erased_at;
    if (person !== c.id) {
      hidden.set(c.id, person);
      into = person;
      erased ??= joinedBy.get(c.id)!.mergedAt;
    }
    if (into !== c.merged_into || erased !== c.erased_at)
      await trx.updateTable('customers').set({ merged_into: into, erased_at: erased }).where('id', '=', c.id).execute();
  }
  if (hidden.size === 0) return;
  const from = [...hidden.keys()];
  const received = new Set<number>();
  const floorsMoved = new Set<number>();
  // One floor in force per customer (a unique index): a moving one steps aside; settleFloors puts the latest back in force.
  await trx
    .updateTable('tier_floors')
    .set((eb) => ({ cleared_at: eb.ref('set_at'), clear_reason: 'merged' }))
    .where('customer_id', 'in', [...hidden.keys()])
    .where('cleared_at', 'is', null)
    .execute();
  for (const [table, entity] of MOVED_TABLES) {
    const moving = await trx.selectFrom(table).select(['id', 'customer_id']).where('customer_id', 'in', from).execute();
    for (const r of moving) {
      const to = hidden.get(r.customer_id!)!;
      const m = joinedBy.get(r.customer_id!)!;
      await trx.updateTable(table).set({ customer_id: to }).where('id', '=', r.id).execute();
      // Logged under the merge's clock and install, for the analysis caches; the rows travel as facts, not as these entries.
      if (m.clock[0] > 0) await k.log(entity, r.id, 'update', m.clock[0], k.installKey(m.clock[1]), ['customer_id']);
      received.add(to);
      if (table === 'tier_floors') floorsMoved.add(to);
    }
  }
  // What is left of the moved lots follows their ledger rows (0112: point_lots is keyed by customer).
  for (const [from, to] of hidden) await moveLots(trx, from, to);
  await moveCards(trx, hidden, received);
  await settleCards(trx, people.map(root));
  await moveMemberships(trx, hidden);
  for (const person of received) await payDebt(trx, person);
  if (floorsMoved.size) await settleFloors(trx, [...floorsMoved]);
}

/**
 * A hidden record's cards go to its person. One active card per person at every step (a unique
 * index): of several, the latest id (UUIDv7) stays active and the others are marked replaced by it
 * before they move; settleCards (sync/cardStatus.ts) then derives the person's active card from every
 * card's own status, so the order rows arrive in does not matter.
 */
async function moveCards(trx: Tx, hidden: ReadonlyMap<number, number>, received: Set<number>): Promise<void> {
  const moving = await trx
    .selectFrom('cards')
    .select(['id', 'gid', 'customer_id', 'status', 'issued_at'])
    .where('customer_id', 'in', [...hidden.keys()])
    .execute();
  if (moving.length === 0) return;
  const to = (c: { customer_id: number }): number => hidden.get(c.customer_id) ?? c.customer_id;
  const staying = await trx
    .selectFrom('cards')
    .select(['id', 'gid', 'customer_id', 'status', 'issued_at'])
    .where('customer_id', 'in', [...new Set(moving.map(to))])
    .where('status', '=', 'active')
    .execute();
  const active = new Map<number, typeof staying>();
  for (const c of [...staying, ...moving.filter((m) => m.status === 'active')]) active.set(to(c), [...(active.get(to(c)) ?? []), c]);
  // Replaced before they move: the unique index allows one active card per customer at every step. Replaced as a
  // merge replaces a card (cards.ts `activeCardOf`): the person may still carry it, and the counter serves it.
  for (const cards of active.values()) {
    if (cards.length < 2) continue;
    const winner = cards.reduce((w, c) => (gidText(c.gid) > gidText(w.gid) ? c : w));
    for (const c of cards)
      if (c.id !== winner.id)
        await trx
          .updateTable('cards')
          .set({ status: 'replaced', status_at: winner.issued_at, status_reason: MERGED_CARD_REASON, replaced_by_card_id: winner.id })
          .where('id', '=', c.id)
          .execute();
  }
  for (const c of moving) {
    await trx
      .updateTable('cards')
      .set({ customer_id: to(c) })
      .where('id', '=', c.id)
      .execute();
    received.add(to(c));
  }
}

/** Campaign audiences and the responsible staff member follow as the merge service moves them: the person's own are kept. */
async function moveMemberships(trx: Tx, hidden: ReadonlyMap<number, number>): Promise<void> {
  const ids = [...hidden.keys()];
  const holding = new Set([
    ...(await trx.selectFrom('campaign_members').select('customer_id').where('customer_id', 'in', ids).execute()).map((r) => r.customer_id),
    ...(await trx.selectFrom('customer_staff').select('customer_id').where('customer_id', 'in', ids).execute()).map((r) => r.customer_id),
  ]);
  for (const from of holding) {
    const to = hidden.get(from)!;
    await trx
      .updateTable('campaign_members as m')
      .set({ customer_id: to })
      .where('m.customer_id', '=', from)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('campaign_members as o')
              .select('o.campaign_id')
              .whereRef('o.campaign_id', '=', 'm.campaign_id')
              .where('o.customer_id', '=', to),
          ),
        ),
      )
      .execute();
    const theirs = await trx.selectFrom('customer_staff').select('staff_id').where('customer_id', '=', from).executeTakeFirst();
    if (!theirs) continue;
    const ours = await trx.selectFrom('customer_staff').select('staff_id').where('customer_id', '=', to).executeTakeFirst();
    if (!ours) await trx.updateTable('customer_staff').set({ customer_id: to }).where('customer_id', '=', from).execute();
  }
}
