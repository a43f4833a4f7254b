/**
 * Copying and checking the shop's file off the main thread: each is one long synchronous SQLite
 * call that would freeze the counter (and every other call) for its length. A worker thread with
 * its own connection does both while the main thread goes on selling.
 *
 * The copy is SQLite's online backup, page for page, in one step inside one read transaction: one
 * WAL snapshot, so sales committed meanwhile are simply not in it, and no restart (a backup copied
 * in several steps outside a transaction starts again whenever another connection writes, which
 * the counter does every few seconds). At 1M purchases (247 MB) it took 0.58-0.61 s where
 * `VACUUM INTO` took 0.89-0.91 s: it copies pages instead of rebuilding every b-tree, so the copy
 * is exactly the file, free pages included. The copy is then switched out of WAL mode (the page
 * header carries the shop's flag) so that it is one self-contained file, and `quick_check`ed.
 *
 * The worker is inline source (no second bundle entry for electron-vite) and loads better-sqlite3
 * from the path the main thread resolved, with the same native binding (Electron's ABI in the app).
 */
import { Worker } from 'node:worker_threads';

/**
 * The job as plain JavaScript, shared by the worker and the fallback on the main thread (a build
 * where workers cannot load better-sqlite3): one implementation, whichever thread runs it.
 */
const JOB_SOURCE = `async function runJob(Database, job, nativeBinding) {
  const open = (file, readonly) =>
    new Database(file, { readonly, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  const check = (file, pragma) => {
    let db;
    try {
      db = open(file, true);
      return db.pragma(pragma).map((r) => Object.values(r)[0]).join('; ');
    } catch (e) {
      return e && e.message ? e.message : String(e);
    } finally {
      if (db) db.close();
    }
  };
  // Read with plain SQL: the file may be of an older or newer schema than this version's.
  const summarise = (file) => {
    const db = open(file, true);
    try {
      const has = (t) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
      if (!has('schema_migrations')) return { shop: false };
      const one = (sql, fallback) => {
        try {
          return db.prepare(sql).pluck().get();
        } catch {
          return fallback === undefined ? null : db.prepare(fallback).pluck().get();
        }
      };
      const summary = { shop: true, migrations: db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() };
      if (has('customers')) summary.customers = one('SELECT count(*) FROM customers');
      if (has('sales')) {
        summary.purchases = one('SELECT count(*) FROM sales WHERE voided_at IS NULL', 'SELECT count(*) FROM sales');
        summary.lastPurchase = one('SELECT max(sold_at) FROM sales WHERE voided_at IS NULL', 'SELECT max(sold_at) FROM sales');
      }
      return summary;
    } finally {
      db.close();
    }
  };
  // Page for page, in one read transaction: the copy is exactly one snapshot of the file, however
  // many sales the counter commits meanwhile (a step outside a transaction would restart on them).
  const copy = async (from, file) => {
    const db = open(from, false);
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('BEGIN').run();
      db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
      await db.backup(file, { progress: () => 0x7fffffff });
      db.prepare('COMMIT').run();
    } finally {
      db.close();
    }
    // The pages carry the shop's WAL flag; a backup is one self-contained file, without -wal and -shm beside it.
    const out = open(file, false);
    try {
      out.pragma('journal_mode = DELETE');
    } finally {
      out.close();
    }
  };
  try {
    if (job.copyFrom) await copy(job.copyFrom, job.file);
    const result = { check: check(job.file, job.pragma) };
    if (job.summary && result.check === 'ok') result.summary = summarise(job.file);
    return result;
  } catch (e) {
    return { error: e && e.message ? e.message : String(e), code: e && e.code };
  }
}`;

/**
 * The copy and its check are CPU work on a machine the till shares (2 cores, other programs): at a
 * load of 5-7, with the worker at the app's priority the slowest sale during a backup was 91-134 ms,
 * with the worker at nice 10 it was 45-54 ms (bench `backups`, alternating runs), the copy no slower
 * beyond the load's noise.
 */
export const WORKER_NICE = 10;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// On Linux the nice value is the calling thread's: the copy yields the core to the counter. Elsewhere
// it would lower the whole app, so it is left alone there.
if (process.platform === 'linux') {
  try {
    const os = require('node:os');
    os.setPriority(0, Math.min(19, os.getPriority(0) + ${WORKER_NICE}));
  } catch {
    // Not allowed (a sandbox): the copy runs at the app's priority.
  }
}
${JOB_SOURCE}
runJob(require(workerData.module), workerData.job, workerData.nativeBinding).then((r) => parentPort.postMessage(r));
`;

export interface WorkerJob {
  /** Copy this database into `file` first (the online backup; `file` must exist, empty). */
  copyFrom?: string;
  file: string;
  pragma: 'quick_check' | 'integrity_check';
  /** Also read what the file holds (when it passed the check). */
  summary?: boolean;
}

export interface FileSummary {
  /** Has a migrations table: a Regulars file. */
  shop: boolean;
  migrations?: string[];
  customers?: number | null;
  purchases?: number | null;
  /** ISO text, or ms since the epoch after the storage re-layout. */
  lastPurchase?: string | number | null;
}

export interface WorkerResult {
  check: string;
  summary?: FileSummary;
}

/** Runs the job in a worker; resolves with the check's findings ('ok' when sound), rejects if the copy failed. */
export async function runInWorker(job: WorkerJob, nativeBinding?: string): Promise<string> {
  return (await workerResult(job, nativeBinding)).check;
}

type JobOutcome = WorkerResult & { error?: string; code?: string };

function settle(m: JobOutcome): WorkerResult {
  if (m.error !== undefined) throw Object.assign(new Error(m.error), m.code ? { code: m.code } : {});
  return m;
}

/** The same job on this thread: it blocks the event loop for its length, but a backup beats none. */
async function runHere(job: WorkerJob, nativeBinding?: string): Promise<WorkerResult> {
  const runJob = new Function(`return ${JOB_SOURCE}`)() as (d: unknown, j: WorkerJob, n?: string) => Promise<JobOutcome>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return settle(await runJob(require('better-sqlite3'), job, nativeBinding));
}

let workersWork = true;

export async function workerResult(job: WorkerJob, nativeBinding?: string): Promise<WorkerResult> {
  if (!workersWork) return runHere(job, nativeBinding);
  const outcome = await new Promise<JobOutcome | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { job, module: require.resolve('better-sqlite3'), nativeBinding } });
    } catch {
      resolve(null);
      return;
    }
    let settled = false;
    worker.once('message', (m: JobOutcome) => {
      settled = true;
      resolve(m);
    });
    // The worker itself failed (it could not load better-sqlite3): not the job's fault.
    worker.once('error', (e) => {
      settled = true;
      console.warn('[regulars] the backup worker failed; copying on the main thread from now on:', e.message);
      resolve(null);
    });
    worker.once('exit', () => {
      if (!settled) resolve(null);
    });
  });
  if (outcome) return settle(outcome);
  workersWork = false;
  return runHere(job, nativeBinding);
}

/** For tests: pretend workers cannot be used. */
export function disableWorkersForTest(disabled: boolean): void {
  workersWork = !disabled;
}
