/**
 * Points expiry (issue 16) on the lot's own row. What expiry took from a lot was a `point_draws`
 * row per lot naming the expire row; its by-lot index took a scattered page per lot and its INSERT
 * was the largest statement of a run, while the UPDATE emptying the lot rewrites that lot's row
 * anyway. Now the lot keeps it: `expired`, what expiries took from it in all (NULL: never), and
 * `expired_by`, the expire row that took it last (sync lists an expire row's lots by it). The draws
 * of expire rows become those columns and are removed; draws of spends stay. An ADD COLUMN of
 * NULLs rewrites no row; `expired_by` has no foreign key, which would make every deleted ledger row
 * (an import swept) scan the table for rows naming it.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE points_ledger ADD COLUMN expired INTEGER CHECK (expired IS NULL OR expired > 0)`,
    `ALTER TABLE points_ledger ADD COLUMN expired_by INTEGER`,
    `CREATE TEMP TABLE expire_draws AS
       SELECT d.lot_id, sum(d.points) AS points, max(d.ledger_id) AS by
       FROM point_draws d JOIN points_ledger l ON l.id = d.ledger_id
       WHERE l.kind = 'expire' AND d.points > 0
       GROUP BY d.lot_id`,
    `UPDATE points_ledger SET expired = e.points, expired_by = e.by FROM expire_draws e WHERE points_ledger.id = e.lot_id`,
    `DELETE FROM point_draws WHERE ledger_id IN (SELECT id FROM points_ledger WHERE kind = 'expire')`,
    `DROP TABLE expire_draws`,
    // Sync lists the lots of the expire rows it sends; a run's rows are the newest keys, so its
    // entries go at the index's end (a few pages per run, not one per lot).
    `CREATE INDEX points_ledger_expired_by ON points_ledger(expired_by) WHERE expired_by IS NOT NULL`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
