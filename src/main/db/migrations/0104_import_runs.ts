/**
 * Imports written in short transactions (issue 19): an import of many rows no longer holds the
 * write lock for its whole length, so it is all-or-nothing through its own record instead.
 * `import_runs` is one row per import under way: who writes it (process and computer, with the
 * time of its last chunk, to tell a live import from one that died), and the heads of the tables
 * it writes when it began — everything above them may be its rows, and sync holds back what lies
 * above them until the import is done (services/importRuns.ts). `import_spans` are the key ranges
 * each of its chunks wrote, per table, so what a dead import left can be removed exactly.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE import_runs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      source TEXT NOT NULL,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      beat_at INTEGER NOT NULL,
      seq_from INTEGER NOT NULL,
      sale_from INTEGER NOT NULL,
      ledger_from INTEGER NOT NULL,
      customer_from INTEGER NOT NULL,
      card_from INTEGER NOT NULL
    ) STRICT`,
    `CREATE TABLE import_spans (
      run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
      tbl INTEGER NOT NULL,
      lo INTEGER NOT NULL,
      hi INTEGER NOT NULL,
      PRIMARY KEY (run_id, tbl, lo)
    ) STRICT, WITHOUT ROWID`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
