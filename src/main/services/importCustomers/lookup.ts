/**
 * Batched reads for the customer import: the live customers the file's phones, emails and old
 * codes name, and the old codes any customer (erased ones too) already holds. Each list travels
 * as one JSON parameter (the sales import's jsonSet). The key lookups read only their index (key
 * and rowid); the matched customers' rows are then read once, whichever key found them (reading
 * whole rows per key tripled the cost of a file that is all duplicates).
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CustomersTable } from '../../db/schema';
import { nextTurn, type Tx } from '../context';
import { jsonSet } from '../importSales/lookup';

export type ShopCustomer = Selectable<CustomersTable>;

export interface ShopMatches {
  byExternalCode: Map<string, ShopCustomer>;
  byPhone: Map<string, ShopCustomer>;
  byEmail: Map<string, ShopCustomer>;
  /** Old codes held by any customer, erased or not (the column is unique): code → customer key. */
  externalCodeOwner: Map<string, number>;
}

const ROWS_PER_READ = 1000;

type KeyColumn = 'external_code' | 'phone_canonical' | 'email_norm';

/** Keys per lookup: 100k keys in one statement held the event loop ~200 ms. */
const KEYS_PER_LOOKUP = 5000;

async function rowidsByKey(tx: Tx, column: KeyColumn, values: Set<string>): Promise<{ r: number; v: string }[]> {
  const all = [...values];
  const found: { r: number; v: string }[] = [];
  for (let i = 0; i < all.length; i += KEYS_PER_LOOKUP) {
    if (i > 0) await nextTurn();
    const rows = (await tx
      .selectFrom('customers')
      .select([sql<number>`rowid`.as('r'), `${column} as v`])
      .where(column, 'in', jsonSet(all.slice(i, i + KEYS_PER_LOOKUP)))
      .execute()) as { r: number; v: string }[];
    for (const r of rows) found.push(r);
  }
  return found;
}

export async function shopMatches(
  tx: Tx,
  keys: { externalCodes: Set<string>; phones: Set<string>; emails: Set<string> },
): Promise<ShopMatches> {
  const found: [KeyColumn, { r: number; v: string }[]][] = [
    ['external_code', await rowidsByKey(tx, 'external_code', keys.externalCodes)],
    ['phone_canonical', await rowidsByKey(tx, 'phone_canonical', keys.phones)],
    ['email_norm', await rowidsByKey(tx, 'email_norm', keys.emails)],
  ];
  const rowids = new Set<number>();
  for (const [, hits] of found) for (const h of hits) rowids.add(h.r);
  // Read in slices with a turn between: 20k whole rows in one statement held the event loop ~300 ms.
  const byRowid = new Map<number, ShopCustomer>();
  const ids = [...rowids];
  for (let i = 0; i < ids.length; i += ROWS_PER_READ) {
    if (i > 0) await nextTurn();
    const rows = await tx
      .selectFrom('customers')
      .selectAll()
      .select(sql<number>`rowid`.as('_rowid'))
      .where(sql<number>`rowid`, 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids.slice(i, i + ROWS_PER_READ))}))`)
      .execute();
    for (const r of rows) byRowid.set(r._rowid, r);
  }
  const live = (hits: { r: number; v: string }[]): Map<string, ShopCustomer> => {
    const m = new Map<string, ShopCustomer>();
    for (const h of hits) {
      const c = byRowid.get(h.r);
      if (!c || c.erased_at !== null) continue;
      // Several customers may share a phone (created anyway): the oldest code stands for them.
      const had = m.get(h.v);
      if (!had || c.code < had.code) m.set(h.v, c);
    }
    return m;
  };
  return {
    byExternalCode: live(found[0]![1]),
    byPhone: live(found[1]![1]),
    byEmail: live(found[2]![1]),
    externalCodeOwner: new Map(found[0]![1].map((h) => [h.v, byRowid.get(h.r)!.id])),
  };
}
