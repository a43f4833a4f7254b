/**
 * Copies the WAL back into the shop's file from a worker thread with its own connection, so no sale
 * pays for it.
 *
 * SQLite's automatic checkpoint runs inside whichever commit crosses its threshold; a passive one on
 * a timer on the app's connection runs on the main thread, and a sale that arrives meanwhile waits
 * for the pages to be copied and the file to be fsynced. A passive checkpoint on another connection
 * takes no lock a writer needs: the counter goes on committing while the worker copies. Once every
 * frame is copied, the next commit starts the WAL from its beginning again, overwriting blocks the
 * file already has; `journal_size_limit` (on the app's connection, the one that restarts the WAL)
 * cuts the file back after a burst grew it.
 *
 * Restarting costs the restarting commit a second fsync (SQLite syncs the new WAL header before the
 * frames), so the worker lets the WAL grow to CHECKPOINT_FRAMES before copying it, rather than
 * restarting it at every sale. A passive checkpoint that never ends between two commits (writes
 * without a pause) cannot restart the WAL at all: HARD_LIMIT_FRAMES bounds it then.
 *
 * The worker is inline source, like the backups' worker (no second bundle entry for electron-vite),
 * and loads better-sqlite3 from the path the main thread resolved, with the same native binding.
 * Where a worker cannot load it, the same checkpoint runs on a timer on the app's connection.
 */
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker looks at the WAL's length. */
export const CHECKPOINT_EVERY_MS = 250;
/**
 * The WAL's length (frames of 4 KB, ~10 a sale: ~16 MB, ~400 sales) past which the worker copies it
 * back, in a quiet moment: when no commit came since its last look. Its writes to the shop file and
 * their fsync then compete with no sale's commit for the disk.
 */
export const CHECKPOINT_FRAMES = 4_096;
/**
 * The app connection's own automatic checkpoint (~32 MB): reached only when writes never pause (a
 * burst of sales back to back, an import), so that the worker's checkpoint never ends between two
 * commits and the WAL cannot restart. Then the commit that crosses it copies what the worker has
 * not yet and the next one restarts the WAL. At three quarters of it the worker copies even while
 * commits keep coming (the WAL must stay bounded), so that commit has only the rest to copy.
 */
export const HARD_LIMIT_FRAMES = 8_192;
/**
 * The WAL file is cut back to this size when it restarts after a larger transaction (an import)
 * grew it past. Above HARD_LIMIT_FRAMES' ~34 MB: cutting it is a truncate inside a sale's commit,
 * and sales alone never need it.
 */
export const WAL_SIZE_LIMIT_BYTES = 40 * 1024 * 1024;
/** The app connection's automatic checkpoint when no worker runs: a high-water safety net behind the timer. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

export interface Checkpointer {
  /** 'worker': another thread checkpoints; 'timer': this thread does, between calls. */
  readonly where: 'worker' | 'timer';
  /** Stops checkpointing and, for the worker, closes its connection; resolves once it has. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// On Linux the nice value is the calling thread's: copying pages yields the core to the counter.
if (process.platform === 'linux') {
  try {
    const os = require('node:os');
    os.setPriority(0, Math.min(19, os.getPriority(0) + 5));
  } catch {}
}
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.file, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  db.pragma('busy_timeout = 0');
  // It never writes; it is closed before the app's connection, so closing it never checkpoints either.
  db.pragma('wal_autocheckpoint = 0');
} catch (e) {
  parentPort.postMessage({ failed: e && e.message ? e.message : String(e) });
  process.exit(0);
}
let lastLog = -1;
const tick = () => {
  try {
    // NOOP reads the WAL's length and copies nothing: most ticks find a short WAL and leave it.
    const r = db.pragma('wal_checkpoint(NOOP)')[0];
    if (!r) return;
    // Quiet since the last tick: nobody is committing, the copy and its fsync cost no sale anything.
    const quiet = r.log === lastLog;
    lastLog = r.log;
    const due = quiet ? workerData.checkpointFrames : workerData.busyFrames;
    if (r.log >= due && r.checkpointed < r.log) db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another process checkpoints, a restore holds the file): the next tick tries again.
  }
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearInterval(timer);
    try {
      db.close();
    } finally {
      parentPort.close();
    }
  }
});
`;

export interface CheckpointerOptions {
  nativeBinding?: string;
  everyMs?: number;
  checkpointFrames?: number;
  hardLimitFrames?: number;
}

let workersWork = true;

/**
 * Starts checkpointing `file`, which `sqlite` (the app's connection) has open in WAL mode. This
 * thread only looks at the WAL's length (`wal_checkpoint(NOOP)`, ~13 µs every 250 ms); the worker
 * starts once the WAL holds a quarter of CHECKPOINT_FRAMES, so a short command, a test or a shop
 * opened to read never loads a second SQLite (60-200 ms of CPU here), and opening never waits for
 * it. Where no worker can run, this thread makes the same checkpoints (the old way).
 */
export function startCheckpointer(sqlite: BetterSqlite3.Database, file: string, options: CheckpointerOptions = {}): Checkpointer {
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const checkpointFrames = options.checkpointFrames ?? CHECKPOINT_FRAMES;
  const startAt = Math.max(1, Math.floor(checkpointFrames / 4));
  let onThisThread = !workersWork;
  let worker: Worker | null = null;
  let exited = false;
  let closing: Promise<void> | null = null;
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma(`wal_autocheckpoint = ${onThisThread ? FALLBACK_AUTOCHECKPOINT_PAGES : (options.hardLimitFrames ?? HARD_LIMIT_FRAMES)}`);

  const fallBack = (): void => {
    onThisThread = true;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  };
  const start = (): void => {
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          file,
          everyMs,
          checkpointFrames,
          busyFrames: Math.max(checkpointFrames, Math.floor(((options.hardLimitFrames ?? HARD_LIMIT_FRAMES) * 3) / 4)),
          module: require.resolve('better-sqlite3'),
          nativeBinding: options.nativeBinding,
        },
      });
    } catch {
      workersWork = false;
      return fallBack();
    }
    // The app may exit without closing the shop (a CLI command that ends): the worker must not keep it alive.
    worker.unref();
    worker.on('message', (m: { failed?: string }) => {
      if (m.failed === undefined) return;
      console.warn('[regulars] the checkpoint worker could not open the shop; checkpointing on the main thread:', m.failed);
      workersWork = false;
    });
    worker.once('error', (e) => console.warn('[regulars] the checkpoint worker failed; checkpointing on the main thread:', e.message));
    worker.once('exit', () => {
      exited = true;
      // A worker that could not start, or died while the shop is open: this thread checkpoints instead.
      if (closing === null) fallBack();
    });
  };
  const ticker = setInterval(() => {
    try {
      const r = (sqlite.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0];
      if (!r) return;
      if (onThisThread) {
        if (r.log >= checkpointFrames && r.checkpointed < r.log) sqlite.pragma('wal_checkpoint(PASSIVE)');
      } else if (worker === null && r.log >= startAt) {
        start();
      }
    } catch {
      // Busy or closing: the next tick (or the automatic checkpoint) catches up.
    }
  }, everyMs);
  ticker.unref();

  const cp: Checkpointer = {
    get where() {
      return onThisThread ? 'timer' : 'worker';
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(ticker);
        const w = worker;
        if (w === null || exited) return resolve();
        // Held while it closes: an unreferenced worker's exit would not keep the process waiting for it.
        w.ref();
        w.once('exit', () => resolve());
        w.postMessage('close');
      });
      return closing;
    },
  };
  registered.set(sqlite, cp);
  return cp;
}

const registered = new WeakMap<BetterSqlite3.Database, Checkpointer>();

/** The checkpointer of an open connection (tests stop it to keep work in the WAL). */
export function checkpointerOf(sqlite: BetterSqlite3.Database): Checkpointer | undefined {
  return registered.get(sqlite);
}

const held = new WeakMap<BetterSqlite3.Database, { depth: number; was: number }>();

/**
 * Runs `work`, a long run of short write transactions on the app's connection (points expiry), with
 * the connection's automatic checkpoint off. A run writes its WAL faster than the worker looks at it
 * (a year's expiry: ~45 MB in under a second), so the commit that crossed HARD_LIMIT_FRAMES copied
 * the WAL back on the main thread: one chunk of each run took 60–110 ms where the others take ~5,
 * and a sale due then waited behind it (`expiry_counter_wait_ms` p99 69–108 ms; without it 19 ms).
 * The worker still copies at its own thresholds; the WAL is bounded by the run. Nested holds restore
 * the setting once, when the outermost ends.
 */
export async function withoutAutoCheckpoint<T>(sqlite: BetterSqlite3.Database, work: () => Promise<T>): Promise<T> {
  const h = held.get(sqlite) ?? { depth: 0, was: Number(sqlite.pragma('wal_autocheckpoint', { simple: true })) };
  if (h.depth === 0) sqlite.pragma('wal_autocheckpoint = 0');
  h.depth++;
  held.set(sqlite, h);
  try {
    return await work();
  } finally {
    h.depth--;
    if (h.depth === 0) {
      held.delete(sqlite);
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${h.was}`);
    }
  }
}

/** For tests: pretend workers cannot be used (or can again). */
export function disableCheckpointWorkerForTest(disabled: boolean): void {
  workersWork = !disabled;
}
