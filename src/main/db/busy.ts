/**
 * A second writer on the shop file (the command-line import, a backup) holds SQLite's one write
 * lock for a while. better-sqlite3 waits for it synchronously, inside the event loop, so a long
 * busy timeout in the app would freeze every call (and in Electron the window) behind it. The app
 * keeps its timeout short, and the waiting happens here: between tries the event loop runs.
 */
import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** The app's and browser mode's busy timeout: a brief spin, then the asynchronous retry takes over. */
export const APP_BUSY_TIMEOUT_MS = 20;
/** How long a call keeps retrying before it answers SHOP_FILE_BUSY. */
export const BUSY_RETRY_BOUND_MS = 5_000;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, _RECOVERY, _TIMEOUT). */
export function isBusyError(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The end of the line of calls waiting for the lock: one of them tries at a time. */
let line: Promise<unknown> = Promise.resolve();
/** How many calls are in the line now. */
let waiting = 0;

/**
 * How many calls wait in the line now. A write that came while an earlier one was still in its first
 * try (not yet failed busy, so not yet in the line) tries at once too; if the lock is freed between
 * the two tries, the later one gets through first. The line keeps the order of the calls it holds.
 */
export function callsInLine(): number {
  return waiting;
}

/**
 * Runs `attempt`, and while it fails with SQLITE_BUSY runs it again after 5, 10, 20, 40, 50, 50… ms,
 * until `boundMs` has passed; then the last busy error is thrown. Each try may spend the short busy
 * timeout waiting synchronously, so calls that found the file busy wait in line and only the first
 * of them tries: a dozen waiting sales would otherwise keep the event loop in busy waits. A write
 * that comes while others wait goes to the end of the line without trying, so purchases are
 * recorded in the order they came even when the lock is freed between two of them; reads
 * (`writes` false) succeed at their first try and never join the line. Only for work that leaves
 * nothing behind when it fails busy: one transaction (rolled back whole), or keyed creations.
 */
export async function retryWhileBusy<T>(
  attempt: () => Promise<T>,
  boundMs = BUSY_RETRY_BOUND_MS,
  writes = true,
  /** The shop file: a write that waits for it says so beside it (`signalWaiting`). */
  file?: string,
): Promise<T> {
  const started = performance.now();
  let signalled = false;
  const signal = (): void => {
    if (!file) return;
    signalWaiting(file);
    signalled = true;
  };
  // The last of this process's waiting calls to get through takes the signal back.
  const over = (): void => {
    if (signalled && waiting === 0) clearWaiting(file!);
  };
  // While a chunked import runs in another process, a write says it waits before its first try:
  // that try spins the busy timeout synchronously, and the import would start its next chunk unawares.
  if (file && writes && importRunning(file)) signal();
  if (waiting === 0 || !writes) {
    try {
      const value = await attempt();
      over();
      return value;
    } catch (e) {
      if (!isBusyError(e)) {
        over();
        throw e;
      }
    }
  }
  if (writes) signal();
  waiting++;
  const turn = line
    .then(() => waitInLine(attempt, started, boundMs, signal))
    .finally(() => {
      waiting--;
      over();
    });
  line = turn.catch(() => undefined);
  return turn;
}

async function waitInLine<T>(attempt: () => Promise<T>, started: number, boundMs: number, signal: () => void): Promise<T> {
  for (let wait = 0; ; wait = Math.min(Math.max(wait * 2, 5), 50)) {
    if (wait > 0) await sleep(wait);
    try {
      return await attempt();
    } catch (e) {
      if (!isBusyError(e) || performance.now() - started + Math.min(Math.max(wait * 2, 5), 50) > boundMs) throw e;
      signal();
    }
  }
}

/**
 * A call waiting for the lock says so beside the shop file (`<file>-waiting`, its time touched): a
 * writer in chunks in another process (the command-line import, importRuns.ts) then leaves the
 * lock free after its chunk until the call got through, and otherwise runs at full pace. SQLite
 * itself has no way to tell a writer that someone waits: a waiting connection only polls.
 */
export const waitingMarker = (file: string): string => `${file}-waiting`;

/** Touched by a chunked import while it runs (`signalImporting`), so the app's writes signal before they try. */
export const importingMarker = (file: string): string => `${file}-importing`;

/** How long after its last touch an import is taken as running. */
const IMPORTING_FRESH_MS = 2_000;

export function signalWaiting(file: string): void {
  touch(waitingMarker(file));
}

export function signalImporting(file: string): void {
  touch(importingMarker(file));
}

/** The import is over: the app's writes stop signalling before they try. */
export function importStopped(file: string): void {
  try {
    fs.rmSync(importingMarker(file), { force: true });
  } catch {
    // Left behind, it goes stale in IMPORTING_FRESH_MS.
  }
}

// Asked before every write: no marker is the usual answer, and a throw per sale cost ~6 µs.
function importRunning(file: string): boolean {
  const st = fs.statSync(importingMarker(file), { throwIfNoEntry: false });
  return st !== undefined && Date.now() - st.mtimeMs < IMPORTING_FRESH_MS;
}

function touch(marker: string): void {
  const now = new Date();
  try {
    fs.utimesSync(marker, now, now);
  } catch {
    try {
      fs.writeFileSync(marker, '');
    } catch {
      // A read-only folder: the writer then simply does not pause for this call.
    }
  }
}

/** A waiting call older than this (a process that died waiting) no longer holds an import up. */
const WAITING_FRESH_MS = 5_000;

/** Whether a call (of another process) waits for the lock now. */
export function someoneWaiting(file: string): boolean {
  const st = fs.statSync(waitingMarker(file), { throwIfNoEntry: false });
  return st !== undefined && Date.now() - st.mtimeMs < WAITING_FRESH_MS;
}

function clearWaiting(file: string): void {
  try {
    fs.rmSync(waitingMarker(file), { force: true });
  } catch {
    // Left behind, it goes stale in WAITING_FRESH_MS.
  }
}

/**
 * A kysely transaction that starts with BEGIN IMMEDIATE: it takes the write lock before its first
 * read. A DEFERRED transaction that reads, and then writes after another connection committed,
 * fails with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out; read-then-write services use
 * this instead. It holds kysely's single connection throughout, like `db.transaction()`.
 */
export function immediateTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
    try {
      await sql`commit`.execute(conn);
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
    return result;
  });
}
