/**
 * The clocks of customers and cards (the rules are logClocks.ts's), and the installs a file knows.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { ENTITY_CODES } from '../db/entities';
import type { Database } from '../db/schema';
import { CUSTOMER_FIELDS, type Clock, type CustomerField } from './entries';
import { foldFieldClocks, latestClock } from './logClocks';
import { compileOnce, slot } from './compiled';

/** Every install this file knows: key → global id and tag. */
export async function installsOf(db: Kysely<Database>): Promise<{ byKey: Map<number, { id: string; tag: number }>; current: number }> {
  const rows = await db.selectFrom('installs').select(['key', 'id', 'tag', 'current']).execute();
  const cur = rows.find((r) => r.current === 1);
  if (!cur) throw new Error('no current install');
  return { byKey: new Map(rows.map((r) => [r.key, { id: r.id, tag: r.tag }])), current: cur.key };
}

/** A card's clock: its latest entry (a card older than the change log: none). */
export const cardClock = (db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Clock> =>
  latestClock(db, 'card', key, installId);

/**
 * Each customer field's clock (logClocks.ts `foldFieldClocks`: a create names every field; every entry
 * sets updated_at), for many customers in a row (a feed's apply or export): the query compiled once,
 * run on the raw handle when there is one (sync/compiled.ts); the entity is a literal so the
 * partial index on customers' entries is chosen when the statement is prepared, not re-planned at
 * every run.
 */
export function customerClocksReader(
  db: Kysely<Database>,
  installId: ReadonlyMap<number, string>,
  raw?: BetterSqlite3.Database,
): (key: number) => Promise<Record<CustomerField, Clock>> {
  const read = compileOnce(
    db,
    db
      .selectFrom('change_log')
      .select(['hlc', 'origin', 'op', 'data'])
      .where('entity', '=', sql.lit(ENTITY_CODES.customer))
      .where('entity_id', '=', slot('key')),
    raw,
  );
  return async (key) => foldFieldClocks(await read({ key }), CUSTOMER_FIELDS, installId);
}
