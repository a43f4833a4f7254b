/**
 * The clocks of a kind's entries in the change log (merges and tier floors, found through their
 * partial indexes, migration 0106): what orders merges and floor events the same way on every
 * install, since applied entries are logged under their writer's time and install.
 */
import { ENTITY_CODES } from '../db/entities';
import type { Tx } from '../services/context';
import type { Clock } from './entries';

const clockAfter = (a: Clock, b: Clock): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

export interface LoggedEntry {
  op: string;
  clock: Clock;
  /** The fields an update named. */
  fields: readonly string[];
}

/** Every entry of `entity` (optionally for some rows), by row key, oldest clock first. */
export async function loggedEntries(
  trx: Tx,
  entity: 'customer_merge' | 'tier_floor',
  installIds: ReadonlyMap<number, string>,
  keys?: readonly number[],
): Promise<Map<number, LoggedEntry[]>> {
  return loggedEntriesOf(trx, ENTITY_CODES[entity], installIds, keys);
}

/**
 * The same for any kind; without `keys` it reads every entry of the kind, which only the kinds with
 * a partial index (merges, floors, ratings: migration 0106) can afford.
 */
export async function loggedEntriesOf(
  trx: Tx,
  entity: number,
  installIds: ReadonlyMap<number, string>,
  keys?: readonly number[],
): Promise<Map<number, LoggedEntry[]>> {
  const out = new Map<number, LoggedEntry[]>();
  if (keys && keys.length === 0) return out;
  const rows = await trx
    .selectFrom('change_log')
    .select(['entity_id', 'hlc', 'origin', 'op', 'data'])
    .where('entity', '=', entity)
    .$if(keys !== undefined, (q) => q.where('entity_id', 'in', keys!))
    .execute();
  for (const r of rows) {
    const list = out.get(r.entity_id) ?? [];
    list.push({ op: r.op, clock: [r.hlc, installIds.get(r.origin) ?? ''], fields: r.data ? (JSON.parse(r.data) as string[]) : [] });
    out.set(r.entity_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => (clockAfter(a.clock, b.clock) ? 1 : clockAfter(b.clock, a.clock) ? -1 : 0));
  return out;
}

export const NO_CLOCK: Clock = [0, ''];

/** Orders two clocks: negative when a is earlier. */
export const compareClocks = (a: Clock, b: Clock): number => (clockAfter(a, b) ? 1 : clockAfter(b, a) ? -1 : 0);
