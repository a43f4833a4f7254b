/**
 * Points lots in their own table, clustered by customer (issue 16, issue 14). A lot's mutable
 * state (`remaining`; since 0109 `expired`, `expired_by`) lived on its ledger row, whose pages are
 * in key (= time) order, while an expiry chunk (a range of customers) and a redeem (one customer)
 * need the lots of customers: every lot they touched rewrote a scattered page of the ledger.
 *  - `point_lots`: only open lots (something left), keyed (customer, expiry_key, created_at, lot)
 *    in draw order, `expiry_key` the expiry less 2^47 (negative, in date order) or 1 for a lot
 *    that never expires (after every date, and no bytes in the record where a date takes six). It
 *    replaces the partial index `points_ledger_open` and the ledger's `remaining`.
 *  - `lot_expiries`: what each expire row took from each lot, keyed (expired_by, lot): a run's
 *    rows are the newest ledger keys, so its inserts append. It replaces `expired`/`expired_by`
 *    (a lot expired twice kept the sum on its last expire row; here, the sum on that row too).
 *  - `lot_debt` on the ledger row (the renamed `remaining`): NULL for a row that is no lot, else
 *    what of its points paid a debt when it was written (its size then: what is left now, plus
 *    its draws, plus what expired, as sync's export computed it, less the draws a void gave back,
 *    which that export counted twice). 0 for nearly every lot: no bytes in the record.
 * Tables without foreign keys: a deleted ledger row (an import swept) would scan them otherwise.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

/**
 * The dropped index (18.8 MB at 1M purchases) and the ledger's rewritten pages stay free in the file
 * until a VACUUM: measured on the benchmark's shop, 271.2 MB after the migration without it.
 */
export const compactAfter = true;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE point_lots (
       customer_id INTEGER NOT NULL,
       expiry_key INTEGER NOT NULL,
       created_at INTEGER NOT NULL,
       lot_id INTEGER NOT NULL,
       remaining INTEGER NOT NULL CHECK (remaining > 0),
       PRIMARY KEY (customer_id, expiry_key, created_at, lot_id)
     ) STRICT, WITHOUT ROWID`,
    `INSERT INTO point_lots
       SELECT customer_id, coalesce(expires_at - 140737488355328, 1), created_at, id, remaining
       FROM points_ledger WHERE remaining > 0 ORDER BY 1, 2, 3, 4`,
    `CREATE TABLE lot_expiries (
       expired_by INTEGER NOT NULL,
       lot_id INTEGER NOT NULL,
       expired INTEGER NOT NULL CHECK (expired > 0),
       PRIMARY KEY (expired_by, lot_id)
     ) STRICT, WITHOUT ROWID`,
    `INSERT INTO lot_expiries SELECT expired_by, id, expired FROM points_ledger WHERE expired_by IS NOT NULL AND expired > 0 ORDER BY 1, 2`,
    `DROP INDEX points_ledger_open`,
    `DROP INDEX points_ledger_expired_by`,
    `ALTER TABLE points_ledger RENAME COLUMN remaining TO lot_debt`,
    // A lot's size when written: what is left, what expiry took and what spends drew, but not the
    // draws of a voided purchase's redemption (the void gave them back). Clamped to [0, points]:
    // two tills' draws of one lot at once may add up to more than it held.
    `UPDATE points_ledger SET lot_debt = max(0, min(points, points - lot_debt - coalesce(expired, 0)
       - coalesce((SELECT sum(d.points) FROM point_draws d JOIN points_ledger r ON r.id = d.ledger_id LEFT JOIN sales s ON s.id = r.sale_id
                   WHERE d.lot_id = points_ledger.id AND NOT (r.kind = 'redeem' AND s.voided_at IS NOT NULL)), 0)))
     WHERE lot_debt IS NOT NULL`,
    `ALTER TABLE points_ledger DROP COLUMN expired`,
    `ALTER TABLE points_ledger DROP COLUMN expired_by`,
    // The draws without their index by lot: a redeem wrote a page of it per lot drawn (lot keys are
    // in time order), 13 of a redeeming sale's 21 pages at the benchmark's size, and since the
    // export reads a lot's size off its row (lot_debt) only its foreign key and an import's sweep
    // read it. The sweep finds a lot's draws through its customer's taking rows instead, and
    // keeps every lot something drew from, so no draw names a deleted lot: the key goes.
    `CREATE TABLE point_draws_0112 (
       ledger_id INTEGER NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
       lot_id INTEGER NOT NULL,
       points INTEGER NOT NULL CHECK (points > 0),
       PRIMARY KEY (ledger_id, lot_id)
     ) STRICT, WITHOUT ROWID`,
    `INSERT INTO point_draws_0112 SELECT ledger_id, lot_id, points FROM point_draws`,
    `DROP TABLE point_draws`,
    `ALTER TABLE point_draws_0112 RENAME TO point_draws`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
