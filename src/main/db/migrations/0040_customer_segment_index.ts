/**
 * Segment counts at 100k customers: every rule reads the live customers' demographic columns
 * (gender, consent, birthday, area, tags) and tests a few; the table rows also hold names,
 * addresses and notes, so a count read ~4x more pages than it needed. This index holds just
 * those columns and the id (for the behavioural `c.id IN (…)` sets), live customers first
 * (erased_at leads: the rules' `erased_at IS NULL` is its first range), so a count is one
 * covering index scan. A shop writes customers rarely; the counter's sale does not touch it.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX customers_segment ON customers(erased_at, gender, consent_marketing, birthday, area, tags, id)`.execute(db);
}
