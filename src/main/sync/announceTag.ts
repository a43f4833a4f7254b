/**
 * A till that took a new number (the later of two with one number, `takeNewIdentity` keeping its id)
 * tells the others in its next feed's installs list (`followWriterTag`). With nothing else to send,
 * the export would write no feed and the others would go on seeing two tills with one number: this
 * till's own settings row `syncAnnounceTag` (never sent, as `syncLast`) makes the next export write
 * one, and is cleared once it is stored.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

const KEY = 'syncAnnounceTag';

export async function announceTag(trx: Kysely<Database>, tag: number): Promise<void> {
  const value = JSON.stringify(tag);
  await trx
    .insertInto('settings')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** A new number waits to be told. */
export async function tagToAnnounce(trx: Kysely<Database>): Promise<boolean> {
  return (await trx.selectFrom('settings').select('key').where('key', '=', KEY).executeTakeFirst()) !== undefined;
}

export async function tagAnnounced(trx: Kysely<Database>): Promise<void> {
  await trx.deleteFrom('settings').where('key', '=', KEY).execute();
}
