/**
 * "Found while syncing" gets a seen mark (issue 18): `seen_at` (ms) is set when the owner marks a
 * finding seen and cleared when sync finds it again saying something else (sync/findings.ts). It is
 * this till's own: a finding is derived on each till from the facts, and what one owner has read on
 * one till says nothing about another's, so the mark never travels and no digest compares it.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sync_findings ADD COLUMN seen_at INTEGER`.execute(db);
}
