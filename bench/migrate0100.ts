/**
 * Times migration 0100 on a copy of a shop file and reports the file's size before and after
 * (VACUUM INTO a compact copy: what a fresh file at the new layout holds).
 *   tsx bench/migrate0100.ts <shop.sqlite> <scratch dir>
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations } from '../src/main/db/migrations';
import { up } from '../src/main/db/migrations/0100_compact_keys';

async function main(): Promise<void> {
  const [src, dir] = process.argv.slice(2);
  if (!src || !dir) throw new Error('usage: tsx bench/migrate0100.ts <shop.sqlite> <scratch dir>');
  fs.mkdirSync(dir, { recursive: true });
  const work = path.join(dir, 'migrating.sqlite');
  const compact = path.join(dir, 'compact.sqlite');
  for (const f of [work, `${work}-wal`, `${work}-shm`, compact]) fs.rmSync(f, { force: true });
  fs.copyFileSync(src, work);
  const sqlite = new BetterSqlite3(work);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -32000');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  // The registered migrations the copy lacks first (no backup: it is a scratch copy), then 0100 alone, timed.
  const done = new Set((sqlite.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  await db.transaction().execute(async (trx) => {
    for (const m of migrations) if (!done.has(m.name) && m.name !== '0100_compact_keys') await m.up(trx);
  });
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => up(trx));
  const migrateMs = performance.now() - t0;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const t1 = performance.now();
  sqlite.exec(`VACUUM INTO '${compact.replace(/'/g, "''")}'`);
  const vacuumMs = performance.now() - t1;
  const fk = sqlite.pragma('foreign_key_check');
  await db.destroy();
  const mb = (f: string): number => Math.round((fs.statSync(f).size / 1e6) * 10) / 10;
  console.log(
    JSON.stringify({
      before_mb: mb(src),
      after_in_place_mb: mb(work),
      compact_mb: mb(compact),
      migrate_ms: Math.round(migrateMs),
      vacuum_ms: Math.round(vacuumMs),
      foreign_key_problems: (fk as unknown[]).length,
    }),
  );
}

void main();
