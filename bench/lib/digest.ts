/**
 * A digest of the shop's data: every row of every data table in primary-key order, hashed.
 * The generator makes ids and clocks deterministic, so ids and timestamps are included; only
 * schema_migrations (applied_at is the wall clock of the run) is left out.
 */
import crypto from 'node:crypto';
import type { BulkDb } from '../../src/main/services/bulk';

const TABLES = [
  ['settings', 'key'],
  ['sequences', 'name'],
  ['customers', 'id'],
  ['cards', 'id'],
  ['sales', 'id'],
  ['points_ledger', 'id'],
  ['change_log', 'seq'],
] as const;

export function datasetDigest(k: BulkDb): string {
  const hash = crypto.createHash('sha256');
  for (const [table, key] of TABLES) {
    const q = k.db.selectFrom(table).selectAll().orderBy(key).compile();
    hash.update(`\u0000table ${table}\n`);
    for (const row of k.sqlite
      .prepare(q.sql)
      .raw(true)
      .iterate(q.parameters as unknown[])) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
