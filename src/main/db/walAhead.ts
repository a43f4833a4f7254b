/**
 * Gives the shop's WAL file its room at start-up, so a sale's commit overwrites blocks the file
 * already has instead of appending new ones.
 *
 * The last connection to close a shop deletes its WAL, so each start of the app begins with an
 * empty one, and every commit until the WAL first restarts (~340 sales at the counter, a busy
 * café's day; ~700 back to back) appends past the file's end. The fsync of an append must also
 * write the file's new size and blocks to the file system's journal: measured at 100k customers /
 * 1M purchases, 1,000 sales at the counter on a growing WAL took p50 0.66–0.69 ms, p99 2.1–2.7 ms
 * (their commits p99 1.6–2.2); on a WAL file already that long, p50 0.47–0.48, p99 1.0–1.2 (commits
 * p99 0.6–0.8). Database servers do the same for the same reason (PostgreSQL fills its WAL segments
 * before use).
 *
 * SQLite writes the WAL, never this code: one transaction writes `frames` pages into a scratch table
 * with a cache too small to hold them, so SQLite spills them to the WAL as uncommitted frames; they
 * are flushed to disk, then the transaction is rolled back. Nothing in the shop changes (no commit
 * frame: recovery after a crash mid-way ignores them, as it ignores any unfinished transaction); the
 * WAL's length in frames is what it was, and the file keeps its size, which `journal_size_limit`
 * (40 MB, db/checkpointer.ts) leaves alone when the WAL restarts. About 80 ms and 34 MB written, once
 * per start, before the shop serves its first call: the app and `serve` only (a command-line
 * command or a test opens without it).
 */
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { HARD_LIMIT_FRAMES } from './checkpointer';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
/** A table row this size fills one 4 KB page by itself (SQLite keeps up to ~4,061 bytes of a row in its leaf). */
const ROW_BYTES = 3_900;
/** The cache while it grows, in pages: small, so SQLite spills nearly every page to the WAL as it is written. */
const SPILL_CACHE_PAGES = 64;

/**
 * Grows the WAL file of `file` (opened on `sqlite`, WAL mode) to hold `frames` frames, unless it
 * already does. Returns the bytes it grew by (0 when there was nothing to do or the shop was busy).
 */
export function growWalAhead(sqlite: BetterSqlite3.Database, file: string, frames: number = HARD_LIMIT_FRAMES): number {
  const wal = `${file}-wal`;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const want = WAL_HEADER + frames * (FRAME_HEADER + pageSize);
  const had = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
  if (had >= want || pageSize < ROW_BYTES + 100) return 0;
  // Frames already in use (a WAL left by a crash, recovered and not yet copied): the spill goes after them.
  const used = (sqlite.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
  if (used >= frames) return 0;
  // The last pages of the transaction stay in the cache, unspilled, when it is rolled back: a cache's worth more.
  const rows = frames - Math.max(0, used) + 2 * SPILL_CACHE_PAGES;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch {
    // Another process writes (an import from the command line): the sales pay for the growth, as before.
    return 0;
  }
  try {
    sqlite.pragma(`cache_size = ${SPILL_CACHE_PAGES}`);
    sqlite.exec('CREATE TABLE wal_ahead_scratch (b BLOB)');
    sqlite
      .prepare(
        `INSERT INTO wal_ahead_scratch (b) SELECT zeroblob(?) FROM
           (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i FROM n)`,
      )
      .run(ROW_BYTES, rows);
    // On disk now, while nothing else can commit: else the first sale's fsync would write them.
    flush(wal);
  } catch (e) {
    console.warn('[regulars] could not make room in the WAL ahead of the counter:', e instanceof Error ? e.message : e);
  } finally {
    sqlite.exec('ROLLBACK');
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  return Math.max(0, (fs.existsSync(wal) ? fs.statSync(wal).size : 0) - had);
}

/** fsync on a handle of our own (read and write: Windows flushes only a handle that may write; nothing is written). */
function flush(wal: string): void {
  const fd = fs.openSync(wal, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
