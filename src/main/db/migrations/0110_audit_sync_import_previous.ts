/**
 * The audit log carried by sync, and the customers import in short transactions (issue 19).
 *  - `audit_log.origin`: the install that wrote the row (installs.key), `origin_key` its seq there,
 *    set only on a row another install wrote (a partial UNIQUE index, as for purchases, 0100): a
 *    row's global id is (origin, origin_key ?? seq), so the same row has the same id on every till
 *    and a copy of the file. `staff_name`: the account's name as its till knew it when it sent the
 *    row (accounts are not synced), null on this till's own rows (read from `staff`). A row made
 *    here costs two more header bytes (origin 1 is stored in none, NULLs in none).
 *  - Rows already written take the install of this file's lineage (an install opened here:
 *    bound_to set, or the current one) that was created last before the row's time, so two copies
 *    of one shop give a row made before the copy the same origin.
 *  - `sync_state.audit_key`: the last audit row sent (the export's mark).
 *  - `import_previous`: what a chunk of a customers import overwrote (services/importRuns.ts), the
 *    customer's previous values of the columns it changed (JSON), so a dead run is undone exactly.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const lineage = `(i.bound_to IS NOT NULL OR i.current = 1)`;
  const statements = [
    `DROP TRIGGER audit_log_no_update`,
    `ALTER TABLE audit_log ADD COLUMN origin INTEGER`,
    `ALTER TABLE audit_log ADD COLUMN origin_key INTEGER`,
    `ALTER TABLE audit_log ADD COLUMN staff_name TEXT`,
    `UPDATE audit_log SET origin = coalesce(
      (SELECT i.key FROM installs i WHERE ${lineage} AND unixepoch(i.created_at, 'subsec') * 1000 <= audit_log.at
        ORDER BY i.created_at DESC, i.key DESC LIMIT 1),
      (SELECT i.key FROM installs i WHERE ${lineage} ORDER BY i.created_at, i.key LIMIT 1))`,
    `CREATE UNIQUE INDEX audit_log_origin ON audit_log(origin, origin_key) WHERE origin_key IS NOT NULL`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    `ALTER TABLE sync_state ADD COLUMN audit_key INTEGER NOT NULL DEFAULT 0`,
    `CREATE TABLE import_previous (
      run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
      customer_id INTEGER NOT NULL,
      fields TEXT NOT NULL,
      PRIMARY KEY (run_id, customer_id)
    ) STRICT, WITHOUT ROWID`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
