/**
 * Tier floors (a tier set by hand with a reason and an end date) in feeds (issue 18). A floor is
 * set once and ended at most once; each event travels with its clock. Which floor is in force is
 * last-writer-wins per customer over all the events known: the latest event decides. When it is a
 * setting, that floor is in force and every other one not ended by an event of its own is ended as
 * the setting till would have ended it ("replaced: <reason>" at the new floor's time); when it is an
 * ending, no floor is in force and the others are ended with it. Those settled endings are not logged
 * (not events), so every install settles the same rows the same way whatever the order.
 */
import { gidBytes, gidText } from '../../shared/gid';
import type { Tx } from '../services/context';
import type { Clock } from './entries';
import { ownTouchedKeys, type ApplyKit, type ExportRange } from './kit';
import type { FloorEntry } from './mergeEntries';
import { compareClocks, loggedEntries, NO_CLOCK, type LoggedEntry } from './logClocks';

const setOf = (entries: readonly LoggedEntry[] | undefined): Clock => entries?.find((x) => x.op === 'create')?.clock ?? NO_CLOCK;
const endOf = (entries: readonly LoggedEntry[] | undefined): Clock | null =>
  entries?.find((x) => x.op === 'update' && x.fields.includes('cleared_at'))?.clock ?? null;

/** The floors this install set or ended since its last feed (every floor, in its first). */
export async function exportFloors(r: ExportRange): Promise<FloorEntry[]> {
  const keys = await ownTouchedKeys(r, 'tier_floor');
  if (keys?.length === 0) return [];
  const floors = await r.trx
    .selectFrom('tier_floors as f')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select([
      'f.id',
      'f.gid',
      'c.gid as customer',
      'f.tier',
      'f.reason',
      'f.until',
      'f.set_at',
      'f.set_by',
      'f.cleared_at',
      'f.clear_reason',
    ])
    .$if(keys !== undefined, (q) => q.where('f.id', 'in', keys!))
    .orderBy('f.id')
    .execute();
  const logged = await loggedEntries(r.trx, 'tier_floor', r.installIds, keys);
  return floors.map((f) => {
    const end = endOf(logged.get(f.id));
    return {
      t: 'floor',
      gid: gidText(f.gid),
      customer: gidText(f.customer),
      tier: f.tier,
      reason: f.reason,
      until: f.until,
      set_at: f.set_at,
      set_by: f.set_by,
      set: setOf(logged.get(f.id)),
      end: end && f.cleared_at !== null ? { at: f.cleared_at, reason: f.clear_reason, clock: end } : null,
    };
  });
}

/** Takes a floor's setting and ending once each; returns the customer whose floors to settle. */
export async function applyFloor(k: ApplyKit, e: FloorEntry): Promise<{ customer: number; changed: boolean }> {
  const gid = Buffer.from(gidBytes(e.gid)!);
  const found = await k.trx.selectFrom('tier_floors').select(['id', 'customer_id']).where('gid', '=', gid).executeTakeFirst();
  const endFields = ['cleared_at', 'clear_reason'];
  if (!found) {
    const customer = await k.customerKey(e.customer);
    const { id } = await k.trx
      .insertInto('tier_floors')
      .values({
        gid,
        customer_id: customer,
        tier: e.tier,
        reason: e.reason,
        until: e.until,
        set_at: e.set_at,
        set_by: e.set_by,
        // One floor in force per customer (a unique index): it arrives ended, and settleFloors puts it in force if it is the latest.
        cleared_at: e.end?.at ?? e.set_at,
        clear_reason: e.end?.reason ?? `replaced: ${e.reason}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (e.set[0] > 0) await k.log('tier_floor', id, 'create', e.set[0], k.installKey(e.set[1]), null);
    if (e.end) await k.log('tier_floor', id, 'update', e.end.clock[0], k.installKey(e.end.clock[1]), endFields);
    return { customer, changed: true };
  }
  if (!e.end) return { customer: found.customer_id, changed: false };
  const mine = endOf((await loggedEntries(k.trx, 'tier_floor', k.installIds, [found.id])).get(found.id));
  if (mine) return { customer: found.customer_id, changed: false };
  await k.trx.updateTable('tier_floors').set({ cleared_at: e.end.at, clear_reason: e.end.reason }).where('id', '=', found.id).execute();
  await k.log('tier_floor', found.id, 'update', e.end.clock[0], k.installKey(e.end.clock[1]), endFields);
  return { customer: found.customer_id, changed: true };
}

/** Puts the customers' floors in the state their latest event says (see the module's comment). */
export async function settleFloors(trx: Tx, customers: readonly number[]): Promise<void> {
  if (customers.length === 0) return;
  const installIds = new Map((await trx.selectFrom('installs').select(['key', 'id']).execute()).map((i) => [i.key, i.id]));
  const floors = await trx
    .selectFrom('tier_floors')
    .select(['id', 'gid', 'customer_id', 'reason', 'set_at', 'cleared_at', 'clear_reason'])
    .where('customer_id', 'in', [...new Set(customers)])
    .execute();
  const logged = await loggedEntries(
    trx,
    'tier_floor',
    installIds,
    floors.map((f) => f.id),
  );
  const byCustomer = new Map<number, typeof floors>();
  for (const f of floors) byCustomer.set(f.customer_id, [...(byCustomer.get(f.customer_id) ?? []), f]);
  for (const list of byCustomer.values()) {
    type Ev = { clock: Clock; gid: string; floor: (typeof list)[number]; ends: boolean };
    const events: Ev[] = [];
    for (const f of list) {
      const entries = logged.get(f.id);
      events.push({ clock: setOf(entries), gid: gidText(f.gid), floor: f, ends: false });
      const end = endOf(entries);
      if (end) events.push({ clock: end, gid: gidText(f.gid), floor: f, ends: true });
    }
    events.sort(
      (a, b) => compareClocks(a.clock, b.clock) || (a.gid < b.gid ? -1 : a.gid > b.gid ? 1 : 0) || Number(a.ends) - Number(b.ends),
    );
    const last = events[events.length - 1]!;
    const target = last.ends
      ? { at: last.floor.cleared_at, reason: last.floor.clear_reason }
      : { at: last.floor.set_at, reason: `replaced: ${last.floor.reason}` };
    const changes = list
      .filter((f) => !endOf(logged.get(f.id)))
      .map((f) => ({ f, want: !last.ends && f.id === last.floor.id ? { at: null, reason: null } : target }))
      .filter(({ f, want }) => f.cleared_at !== want.at || f.clear_reason !== want.reason)
      // Endings first: the unique index allows one floor in force at every step.
      .sort((p, q) => Number(p.want.at === null) - Number(q.want.at === null));
    for (const { f, want } of changes)
      await trx.updateTable('tier_floors').set({ cleared_at: want.at, clear_reason: want.reason }).where('id', '=', f.id).execute();
  }
}
