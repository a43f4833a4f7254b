/**
 * Segment counts at 100k customers: every rule reads the live customers' demographic columns
 * (gender, consent, birthday, area, tags) and tests a few; the table rows also hold names,
 * addresses and notes, so a count read ~4x more pages than it needed. This index holds just
 * those columns and the id (for the behavioural `c.id IN (…)` sets) for the live customers, so a
 * count is one covering index scan. Partial, like customers_live_name (0020), with erased_at as a
 * column for the same reason; not led by erased_at, or SQLite takes `erased_at IS NULL` as an
 * equality on it and prefers it to the name index for searches (sorting every match).
 * A shop writes customers rarely; the counter's sale does not touch it.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX customers_segment ON customers(gender, consent_marketing, birthday, area, tags, id, erased_at) WHERE erased_at IS NULL`.execute(
    db,
  );
}
