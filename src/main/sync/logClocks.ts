/**
 * Clocks read from the change log. Applied entries are logged under their writer's time and
 * install, so the log alone is every row's clock on every install, with no table of its own: a
 * field's clock is its latest entry naming it (`fieldClocks`: customers, campaigns, segments), a
 * row's the latest entry of it (`latestClock`: cards, coupons), and a kind's entries in clock order
 * order merges and floor events the same way everywhere (`loggedEntries`, through the partial
 * indexes of migration 0106). This module imports no values from the entry modules, so any of them
 * may use it without an import cycle.
 */
import type { Kysely } from 'kysely';
import { ENTITY_CODES, type EntityName } from '../db/entities';
import type { Database } from '../db/schema';
import type { Tx } from '../services/context';
import type { Clock } from './entries';

/** a is later than b: the HLC, then the install id. */
export const clockAfter = (a: Clock, b: Clock): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/** A change-log entry as the clocks read it. */
export interface LogRow {
  hlc: number;
  origin: number;
  op: string;
  data: string | null;
}

/** The fields an entry touched: those it names (a create names every field), and updated_at, which every write of the row sets. */
export const namedAndUpdatedAt = (named: readonly string[]): readonly string[] => [...named, 'updated_at'];

/**
 * Each of `fields`' clock from one row's entries: the latest entry that touched it (`touched` says
 * which an entry touched, from the fields it names); [0, ''] for a field no entry touched.
 */
export function foldFieldClocks<F extends string>(
  rows: Iterable<LogRow>,
  fields: readonly F[],
  installId: ReadonlyMap<number, string>,
  touched: (named: readonly string[]) => readonly string[] = namedAndUpdatedAt,
): Record<F, Clock> {
  const synced = new Set<string>(fields);
  const out = Object.fromEntries(fields.map((f) => [f, NO_CLOCK])) as Record<F, Clock>;
  for (const r of rows) {
    const clock: Clock = [r.hlc, installId.get(r.origin) ?? ''];
    const named: readonly string[] = r.data ? (JSON.parse(r.data) as string[]) : r.op === 'create' ? fields : [];
    for (const f of touched(named)) if (synced.has(f) && clockAfter(clock, out[f as F])) out[f as F] = clock;
  }
  return out;
}

const entriesOf = (db: Kysely<Database>, entity: EntityName, key: number): Promise<LogRow[]> =>
  db
    .selectFrom('change_log')
    .select(['hlc', 'origin', 'op', 'data'])
    .where('entity', '=', ENTITY_CODES[entity])
    .where('entity_id', '=', key)
    .execute();

/** `foldFieldClocks` of one row's entries, read from the log. */
export async function fieldClocks<F extends string>(
  db: Kysely<Database>,
  entity: EntityName,
  key: number,
  fields: readonly F[],
  installId: ReadonlyMap<number, string>,
  touched?: (named: readonly string[]) => readonly string[],
): Promise<Record<F, Clock>> {
  return foldFieldClocks(await entriesOf(db, entity, key), fields, installId, touched);
}

/** A row's clock: its latest entry ([0, ''] for a row older than the change log). */
export async function latestClock(
  db: Kysely<Database>,
  entity: EntityName,
  key: number,
  installId: ReadonlyMap<number, string>,
): Promise<Clock> {
  let out = NO_CLOCK;
  for (const r of await entriesOf(db, entity, key)) {
    const c: Clock = [r.hlc, installId.get(r.origin) ?? ''];
    if (clockAfter(c, out)) out = c;
  }
  return out;
}

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
