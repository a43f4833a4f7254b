/**
 * Opens the shop's SQLite file: WAL for crash safety, synchronous=FULL so a committed sale
 * survives power loss, foreign keys on, a busy timeout for a second process (the CLI).
 * Pending migrations run in one transaction after a backup copy of the file is taken.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { areaKey } from '../../shared/search';
import type { Database } from './schema';
import { bindInstall, type InstallIdentity } from './install';
import { migrate, type MigrationReport } from './migrate';
import { makePrivateDir, makePrivateFile, restrictShopFiles } from './privateFiles';
import { statementCachingDatabase } from './statements';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type CheckpointerOptions } from './checkpointer';
import { growWalAhead } from './walAhead';
import { bindRawHandle } from './rawHandle';

export const DB_FILE_NAME = 'regulars.sqlite';

export interface OpenOptions {
  /** Path to an Electron-ABI build of better_sqlite3.node (the desktop app); Node uses the default. */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * How long a statement waits synchronously for another process's write lock. The CLI may block
   * (5 s, the default); the app and browser mode pass APP_BUSY_TIMEOUT_MS and retry in dispatch.
   */
  busyTimeoutMs?: number;
  /** The WAL checkpointer's pace (tests); nativeBinding is the one above. */
  checkpoint?: Omit<CheckpointerOptions, 'nativeBinding'>;
  /** Give the WAL file its room before the first sale (walAhead.ts): the app and `serve`, not the CLI's commands or tests. */
  walAhead?: boolean;
}

export interface Db {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
  file: string;
  dataDir: string;
  migration: MigrationReport;
  /** Which install this data folder is (db/install.ts). */
  install: InstallIdentity;
  close(): Promise<void>;
}

export async function openDatabase(dataDir: string, options: OpenOptions = {}): Promise<Db> {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, DB_FILE_NAME);
  makePrivateFile(file);
  restrictShopFiles(dataDir, file);
  const sqlite = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('cache_size = -32000');
    // Until the checkpointer runs (after migrating): a migration's large writes checkpoint as they go.
    sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    // SQLite's own case folding knows ASCII only; area conditions compare Vietnamese and Chinese names.
    sqlite.function('area_key', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? areaKey(v) : null));
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statementCachingDatabase(sqlite) }) });
  bindRawHandle(db, sqlite);
  let migration: MigrationReport;
  let install: InstallIdentity;
  try {
    migration = await migrate(db, sqlite, dataDir);
    install = bindInstall({ db, sqlite }, dataDir, new Date());
    // Opening and migrating may wait for a running import; after that, the caller's own timeout.
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.walAhead && !options.readonly) growWalAhead(sqlite, file);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  // WAL pages are copied back into the main file by a checkpoint. SQLite's automatic one runs inside
  // whichever commit crosses its threshold (record_sale p99 ≈ 11 ms at 1M sales, ≈ 5 ms without);
  // a worker thread does it instead (checkpointer.ts).
  const checkpointer = startCheckpointer(sqlite, file, { ...options.checkpoint, nativeBinding: options.nativeBinding });
  return {
    db,
    sqlite,
    file,
    dataDir,
    migration,
    install,
    async close() {
      // The worker's connection first: the app's, closed last, checkpoints and removes the WAL as before.
      await checkpointer.close();
      await db.destroy();
    },
  };
}
