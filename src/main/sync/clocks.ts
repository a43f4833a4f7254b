/**
 * Customer field clocks, read from the change log: a field's clock is the latest entry naming it
 * (a create names every field; every entry names updated_at). Entries sync applied carry the writer's time and install, so the
 * log alone is the per-field clock on every install, with no table of its own.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { ENTITY_CODES } from '../db/entities';
import type { Database } from '../db/schema';
import { clockAfter, CUSTOMER_FIELDS, type Clock, type CustomerField } from './entries';
import { compileOnce, slot } from './compiled';

const NONE: Clock = [0, ''];
const SYNCED = new Set<string>(CUSTOMER_FIELDS);

export async function customerClocks(
  db: Kysely<Database>,
  key: number,
  installId: ReadonlyMap<number, string>,
): Promise<Record<CustomerField, Clock>> {
  const out = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, NONE])) as Record<CustomerField, Clock>;
  const rows = await db
    .selectFrom('change_log')
    .select(['hlc', 'origin', 'op', 'data'])
    .where('entity', '=', ENTITY_CODES.customer)
    .where('entity_id', '=', key)
    .execute();
  for (const r of rows) {
    const clock: Clock = [r.hlc, installId.get(r.origin) ?? ''];
    const fields: readonly string[] = r.data ? (JSON.parse(r.data) as string[]) : r.op === 'create' ? CUSTOMER_FIELDS : [];
    // Every write of the row sets updated_at without naming it: its clock is the latest entry's.
    for (const f of [...fields, 'updated_at'])
      if (SYNCED.has(f) && clockAfter(clock, out[f as CustomerField])) out[f as CustomerField] = clock;
  }
  return out;
}

/** Every install this file knows: key → global id and tag. */
export async function installsOf(db: Kysely<Database>): Promise<{ byKey: Map<number, { id: string; tag: number }>; current: number }> {
  const rows = await db.selectFrom('installs').select(['key', 'id', 'tag', 'current']).execute();
  const cur = rows.find((r) => r.current === 1);
  if (!cur) throw new Error('no current install');
  return { byKey: new Map(rows.map((r) => [r.key, { id: r.id, tag: r.tag }])), current: cur.key };
}

/** A card's clock: its latest entry (a card older than the change log: none). */
export async function cardClock(db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Clock> {
  const rows = await db
    .selectFrom('change_log')
    .select(['hlc', 'origin'])
    .where('entity', '=', ENTITY_CODES.card)
    .where('entity_id', '=', key)
    .execute();
  let out = NONE;
  for (const r of rows) {
    const c: Clock = [r.hlc, installId.get(r.origin) ?? ''];
    if (clockAfter(c, out)) out = c;
  }
  return out;
}

/**
 * customerClocks for many customers in a row (a feed's apply or export): the query compiled once,
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
  return async (key) => {
    const out = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, NONE])) as Record<CustomerField, Clock>;
    for (const r of await read({ key })) {
      const clock: Clock = [r.hlc, installId.get(r.origin) ?? ''];
      const fields: readonly string[] = r.data ? (JSON.parse(r.data) as string[]) : r.op === 'create' ? CUSTOMER_FIELDS : [];
      for (const f of [...fields, 'updated_at'])
        if (SYNCED.has(f) && clockAfter(clock, out[f as CustomerField])) out[f as CustomerField] = clock;
    }
    return out;
  };
}
