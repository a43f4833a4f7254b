import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../shared/errors';
import { migrations as allMigrations, type Migration } from './migrations';
import { backupName, copyDatabase } from './backup';
import type { Database } from './schema';

export interface MigrationReport {
  applied: string[];
  backupFile: string | null;
}

/**
 * Forward-only migrations. The applied list must be a prefix of the app's list: a database
 * written by a newer app (or a diverged one) is refused rather than guessed at.
 */
export async function migrate(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  dataDir: string,
  migrations: Migration[] = allMigrations,
): Promise<MigrationReport> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`.execute(db);
  const done = (await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map((r) => r.name);
  const known = migrations.map((m) => m.name);
  for (let i = 0; i < done.length; i++) {
    if (known[i] !== done[i]) {
      throw new AppError(
        'DATABASE_TOO_NEW',
        `This data file was written by a newer version of Regulars (it has migration "${done[i]}", which this version does not know). ` +
          'Install the newer version, or restore a backup made by this one.',
        { params: { migration: done[i]! } },
      );
    }
  }
  const pending = migrations.slice(done.length);
  if (pending.length === 0) return { applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (done.length > 0) backupFile = backupBeforeMigration(sqlite, dataDir, pending[0]!.name);

  await db.transaction().execute(async (trx) => {
    for (const m of pending) {
      await m.up(trx as unknown as Kysely<any>);
      await trx.insertInto('schema_migrations').values({ name: m.name, applied_at: new Date().toISOString() }).execute();
    }
  });
  if (pending.some((m) => m.compactAfter)) compact(sqlite);
  return { applied: pending.map((m) => m.name), backupFile };
}

/**
 * A migration that rewrote the big tables leaves their old pages free inside the file; VACUUM
 * cannot run in a transaction, so it runs after the commit (the backup is already taken). It needs
 * room for a second copy of the file: when it fails (a full disk) the migrated file is still
 * whole and correct, only bigger than it need be, so the shop opens anyway.
 * In WAL mode the rewritten tables and then the whole compacted file pass through the -wal, which
 * keeps its size until the app closes (and the main file its old size until a checkpoint): a
 * truncating checkpoint gives the room back now (at 1M purchases ~0.5 GB of -wal, ~0.9 GB of file).
 */
function compact(sqlite: BetterSqlite3.Database): void {
  try {
    sqlite.exec('VACUUM');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    console.warn('[regulars] the migrated file could not be compacted (VACUUM); it works as it is, only larger', e);
  }
}

/**
 * The way back if a migration turns out wrong (0100 rewrites every table), so it is checked like
 * any backup before anything is changed: a copy that cannot be made or fails its check is removed
 * and the migration does not run (a bad copy is worse than none: it would be trusted).
 */
function backupBeforeMigration(sqlite: BetterSqlite3.Database, dataDir: string, firstPending: string): string {
  const file = path.join(dataDir, 'backups', backupName(`before-${firstPending}`, new Date()));
  const refuse = (why: string): AppError =>
    new AppError('BACKUP_FAILED', `The backup before updating the shop's file could not be written (${why}); nothing was changed.`);
  try {
    copyDatabase(sqlite, file);
  } catch (e) {
    throw refuse(e instanceof Error ? e.message : String(e));
  }
  const check = quickCheck(sqlite, file);
  if (check !== 'ok') {
    fs.rmSync(file, { force: true });
    throw refuse(`the copy failed its check: ${check}`);
  }
  return file;
}

/**
 * quick_check of the copy through the open connection (ATTACH): a second connection would need
 * the Electron build of the native module, which only open.ts is given.
 */
function quickCheck(sqlite: BetterSqlite3.Database, file: string): string {
  try {
    sqlite.prepare('ATTACH DATABASE ? AS before_migration').run(file);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  try {
    const rows = sqlite.pragma('before_migration.quick_check') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).join('; ');
  } catch (e) {
    // A copy too damaged to check ("file is not a database", "malformed") failed the check.
    return e instanceof Error ? e.message : String(e);
  } finally {
    sqlite.exec('DETACH DATABASE before_migration');
  }
}
