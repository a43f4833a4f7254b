/**
 * The one write of a `settings` row (a key and its JSON text): the shop's settings, rules, this
 * till's own rows, remembered import mappings, and settings applied from a feed all go through it.
 * Logging the change, when the row is shared, is the caller's.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/** Stores `value` (JSON text) under `key`; `null` removes the row. */
export async function putSettingRow(db: Kysely<Database> | Transaction<Database>, key: string, value: string | null): Promise<void> {
  if (value === null) {
    await db.deleteFrom('settings').where('key', '=', key).execute();
    return;
  }
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
