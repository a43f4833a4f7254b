/**
 * The API names rows by their global id (a UUID: customers, cards, segments, campaigns, coupons,
 * exports) or, for purchases and ledger rows, by their local key as a decimal string (0100;
 * docs/architecture.md, "Compact keys"). Services work with local keys; this is the one place that
 * translates, and an id that names nothing is NOT_FOUND, never a thrown parse error.
 */
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../shared/errors';
import { gidBytes, gidText } from '../../shared/gid';
import type { Tx } from './context';

type GidTable =
  'customers' | 'cards' | 'segments' | 'campaigns' | 'coupons' | 'contact_exports' | 'feedback' | 'tier_floors' | 'customer_merges';

/** A fresh global id, as stored. */
export const newGid = (): Buffer => Buffer.from(gidBytes(uuidv7())!);

/** The API's id for a stored global id. */
export const apiId = (gid: Uint8Array): string => gidText(gid);

/** The stored form of an API id, or null when it is not one. */
export function storedGid(id: string): Buffer | null {
  const b = gidBytes(id);
  return b ? Buffer.from(b) : null;
}

/** The local key of the row an API id names in `table`, or NOT_FOUND on `field`. */
export async function keyOf(tx: Tx, table: GidTable, id: string, what: string, field: string): Promise<number> {
  const gid = storedGid(id);
  const row = gid ? await tx.selectFrom(table).select('id').where('gid', '=', gid).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', `No ${what} with this id.`, { field });
  return row.id;
}

/** A purchase's or ledger row's local key from its API id, or NOT_FOUND on `field`. */
export function factKey(id: string, what: string, field: string): number {
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new AppError('NOT_FOUND', `No ${what} with this id.`, { field });
  return Number(id);
}

/** ms since the epoch (as stored) to the API's ISO text. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoOf(ms));

/** This install's local key: the `origin` of every purchase and ledger row it makes. */
export async function installKey(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('installs').select('key').where('current', '=', 1).executeTakeFirst();
  if (!row) throw new Error('no current install');
  return row.key;
}

/** A purchase's or ledger row's API id. */
export const factId = (key: number): string => String(key);

/**
 * The key the next row of `table` takes (SQLite's own choice for an INTEGER PRIMARY KEY without
 * AUTOINCREMENT), for a row that must be named before it is written (a ledger row its draws
 * point to). Only inside a write transaction, which holds the lock until the row is in.
 */
export async function nextKey(tx: Tx, table: 'points_ledger' | 'sales'): Promise<number> {
  const r = await tx
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}
