/**
 * Two live segments of one name, saved on two tills before they synced (issue 18): both are kept
 * (0108: the name is no longer unique in the table; each keeps its own when edited), and each is
 * listed as "found while syncing" (`segment_name`) until one is renamed or deleted. Shops keep
 * tens of segments, so a feed that carries any segment refreshes them all: a rename on one till
 * clears the other's finding too, whatever the order.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Found } from './findings';

/** The live segments among `keys` that share their name (case aside, as the name index compares) with another live one. */
export async function segmentName(db: Kysely<Database>, keys: number[]): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  const rows = await db
    .selectFrom('segments as s')
    .innerJoin('segments as o', (j) =>
      j
        .on(sql`o.name COLLATE NOCASE`, '=', sql.ref('s.name'))
        .onRef('o.id', '<>', 's.id')
        .on('o.deleted_at', 'is', null),
    )
    .select(['s.id', 's.name', 's.created_at', 'o.created_at as other_at'])
    .where('s.id', 'in', keys)
    .where('s.deleted_at', 'is', null)
    .execute();
  for (const r of rows) {
    const at = Math.max(Date.parse(r.created_at) || 0, Date.parse(r.other_at) || 0);
    const had = out.get(r.id);
    if (had) {
      had.detail.segments = Number(had.detail.segments) + 1;
      had.at = Math.max(had.at, at);
    } else out.set(r.id, { rows: [], detail: { segment: r.name, segments: 2 }, at, installs: [] });
  }
  return out;
}

/** Every segment's key, when a feed carried any segment: the list is short, and a rename elsewhere may clear a finding here. */
export async function segmentSubjects(db: Kysely<Database>, carried: boolean): Promise<number[]> {
  if (!carried) return [];
  return (await db.selectFrom('segments').select('id').execute()).map((r) => r.id);
}
