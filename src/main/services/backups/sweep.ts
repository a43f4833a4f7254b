/**
 * What a restore cut short (power cut, kill) leaves in the data folder, dealt with before the shop
 * opens. restore.ts names its files `restoring-<pid>-<ms>.sqlite` (the private copy of the backup)
 * and `replaced-<pid>-<ms>.sqlite` (the live file kept aside, a hard link or a copy, with any
 * -wal/-shm moved beside it). The rule never deletes what may be the owner's only copy:
 * - no live file (or an empty one) but a `replaced-*`: the crash came between the old file going
 *   aside and the new one arriving; the newest `replaced-*` becomes the live file again, so the
 *   shop opens as it was before the restore (opening first would make a new, empty shop);
 * - a `replaced-*` that is the live file under a second name (the hard link, swap not done):
 *   the name goes, and a -wal moved beside it goes back to the live file, as the undo would have;
 * - a `replaced-*-wal` whose `replaced-*` is gone: the undo had put the old file back and not yet
 *   its -wal (restore.ts deletes a finished restore's -wal before its file, so no other step leaves
 *   one), which goes back to the live file if that has none;
 * - any other leftover whose bytes are a copy, whole or cut short, of the live file or of a backup
 *   in the backups folder holds nothing they do not: deleted;
 * - any other leftover that passes quick_check and is a Regulars file is moved into the backups
 *   folder as a `pre-restore` copy, named by its last write. Its content is not compared with the
 *   newest backup by date: a sale made between the pre-restore backup and the swap is only in the
 *   leftover, and a clock cannot prove otherwise, so every such file is kept (the rotation thins
 *   pre-restore copies like any other);
 * - anything else (damaged, not a shop) stays where it is, untouched, with a warning.
 * `-shm` files hold no data (SQLite rebuilds them) and go with their file. Leftovers stamped with
 * the pid of a running process (this one included) may be a restore under way and are not touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DB_FILE_NAME } from '../../db/open';
import { makePrivateDir } from '../../db/privateFiles';
import { dataBackupsDir, listFolder } from './files';
import { backupFileName } from './names';

const LEFTOVER = /^(restoring|replaced)-(\d+)-(\d+)\.sqlite(-wal|-shm)?$/;

export interface SweepReport {
  /** The `replaced-*` file put back as the live file. */
  reinstated: string | null;
  /** Leftovers moved into the backups folder, with their new names. */
  kept: { from: string; to: string }[];
  removed: string[];
  /** Left in place: damaged or not a shop. */
  untouched: string[];
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

/** Whether `part`'s bytes are the start of (or all of) `whole`'s. */
function isPrefixOf(part: string, whole: string): boolean {
  const size = fs.statSync(part).size;
  try {
    if (fs.statSync(whole).size < size) return false;
  } catch {
    return false;
  }
  const a = fs.openSync(part, 'r');
  const b = fs.openSync(whole, 'r');
  try {
    const bufA = Buffer.alloc(1 << 20);
    const bufB = Buffer.alloc(1 << 20);
    for (let pos = 0; pos < size;) {
      const n = fs.readSync(a, bufA, 0, Math.min(bufA.length, size - pos), pos);
      if (n === 0) return false;
      if (fs.readSync(b, bufB, 0, n, pos) !== n || !bufA.subarray(0, n).equals(bufB.subarray(0, n))) return false;
      pos += n;
    }
    return true;
  } finally {
    fs.closeSync(a);
    fs.closeSync(b);
  }
}

/** Folds any -wal into the file and checks it; true for a sound Regulars file. */
function soundShop(file: string, nativeBinding?: string): boolean {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (db.pragma('quick_check', { simple: true }) !== 'ok') return false;
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Renames without replacing anything already there (a link where allowed, else checked first). */
function moveNoClobber(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
    fs.rmSync(from);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
  }
  if (fs.existsSync(to)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  fs.renameSync(from, to);
}

export function sweepRestoreLeftovers(dataDir: string, nativeBinding?: string): SweepReport {
  const report: SweepReport = { reinstated: null, kept: [], removed: [], untouched: [] };
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return report;
  }
  const at = (n: string): string => path.join(dataDir, n);
  const live = at(DB_FILE_NAME);
  const present = new Set(names);
  const gone = (n: string): void => {
    fs.rmSync(at(n), { force: true });
    present.delete(n);
    report.removed.push(n);
  };
  const mains = names
    .map((n) => ({ n, m: LEFTOVER.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null && !alive(Number(x.m[2])))
    .map(({ n, m }) => ({ name: n, kind: m[1] as 'restoring' | 'replaced', ms: Number(m[3]), side: m[4] ?? '' }));
  const replaced = mains.filter((x) => x.kind === 'replaced' && x.side === '').sort((a, b) => b.ms - a.ms);

  const liveSize = fs.existsSync(live) ? fs.statSync(live).size : -1;
  if (liveSize <= 0 && replaced.length > 0) {
    const back = replaced.shift()!.name;
    // A -wal or -shm beside a missing file cannot be its own: SQLite would read it into the old file.
    for (const s of ['-wal', '-shm']) {
      if (fs.existsSync(live + s)) {
        const aside = `${DB_FILE_NAME}${s}.orphaned-${Date.now()}`;
        fs.renameSync(live + s, at(aside));
        report.untouched.push(aside);
      }
    }
    fs.renameSync(at(back), live);
    present.delete(back);
    for (const s of ['-wal', '-shm']) {
      if (present.has(back + s)) {
        fs.renameSync(at(back + s), live + s);
        present.delete(back + s);
      }
    }
    report.reinstated = back;
  }

  // The old file's -wal where the old file is the live one again (or still).
  for (const r of mains.filter((x) => x.kind === 'replaced' && x.side === '-wal' && present.has(x.name))) {
    const main = r.name.slice(0, -'-wal'.length);
    if (present.has(main) && !sameFile(at(main), live)) continue;
    // An empty -wal (the file was opened since, read only) holds nothing; any other is the live file's own.
    if (fs.existsSync(`${live}-wal`) && fs.statSync(`${live}-wal`).size > 0) continue;
    fs.rmSync(`${live}-shm`, { force: true });
    fs.renameSync(at(r.name), `${live}-wal`);
    present.delete(r.name);
  }

  const backupsDir = dataBackupsDir(dataDir);
  const backups = listFolder(backupsDir, 'data').map((e) => path.join(backupsDir, e.name));
  for (const x of mains.filter((y) => y.side === '' && present.has(y.name))) {
    const file = at(x.name);
    if (x.kind === 'replaced' && sameFile(file, live)) {
      gone(x.name);
      if (present.has(`${x.name}-shm`)) gone(`${x.name}-shm`);
      continue;
    }
    const hasWal = present.has(`${x.name}-wal`) && fs.statSync(at(`${x.name}-wal`)).size > 0;
    if (!hasWal && [live, ...backups].some((whole) => isPrefixOf(file, whole))) {
      for (const s of ['-wal', '-shm', '']) if (present.has(x.name + s)) gone(x.name + s);
      continue;
    }
    const lastWrite = Math.max(...['', '-wal'].filter((s) => present.has(x.name + s)).map((s) => fs.statSync(at(x.name + s)).mtimeMs));
    if (!soundShop(file, nativeBinding)) {
      for (const s of ['', '-wal', '-shm']) if (present.has(x.name + s)) report.untouched.push(x.name + s);
      console.warn(`[regulars] ${x.name}, left by a restore cut short, is damaged or not a shop; it is left where it is.`);
      continue;
    }
    makePrivateDir(backupsDir);
    for (let ms = Math.floor(lastWrite); ; ms++) {
      const to = backupFileName('pre-restore', new Date(ms));
      try {
        moveNoClobber(file, path.join(backupsDir, to));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      report.kept.push({ from: x.name, to });
      break;
    }
    present.delete(x.name);
    // Closing the checked file folded its -wal in and removed both; an empty one that stayed holds nothing.
    if (fs.existsSync(`${file}-wal`)) {
      if (fs.statSync(`${file}-wal`).size === 0) gone(`${x.name}-wal`);
      else report.untouched.push(`${x.name}-wal`);
    }
    if (fs.existsSync(`${file}-shm`)) gone(`${x.name}-shm`);
  }
  // -shm files whose file has gone: no data in them.
  for (const x of mains.filter((y) => y.side === '-shm' && present.has(y.name) && !present.has(y.name.slice(0, -4)))) gone(x.name);
  return report;
}
