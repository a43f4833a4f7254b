/**
 * The shop's folder holds its customers' names and phone numbers: other local users must not
 * read it. The folder and backups/ are 0700, the database and every copy of it 0600. Modes are
 * given at creation (no moment when the file is readable) and enforced again at every open on
 * what an older version left at 0755/0644. SQLite creates the -wal and -shm files with the mode
 * of the database file, so a 0600 database keeps them private too. Nothing changes on Windows,
 * where the per-user profile folder already keeps other users out.
 *
 * A process-wide umask would do the same, but it is shared with everything else the process
 * (Electron, its Chromium profile, other helpers' writes) does meanwhile; explicit modes are local.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const enforce = process.platform !== 'win32';

/** Sets the mode if the path exists and differs; a path someone else owns is left with a warning. */
export function restrictMode(target: string, mode: number): void {
  if (!enforce) return;
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return;
  }
  if ((st.mode & 0o777) === mode) return;
  try {
    fs.chmodSync(target, mode);
  } catch (e) {
    console.warn(`[regulars] could not make ${target} private: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Creates the folder (and missing parents) private, and makes an existing one private. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrictMode(dir, PRIVATE_DIR_MODE);
}

/** Creates the file empty and private if it is missing (an empty file is an empty SQLite database), else makes it private. */
export function makePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  restrictMode(file, PRIVATE_FILE_MODE);
}

/** The database's WAL and shared-memory files, and every backup, as an older version may have left them. */
export function restrictShopFiles(dataDir: string, dbFile: string): void {
  if (!enforce) return;
  for (const suffix of ['-wal', '-shm', '-journal']) restrictMode(dbFile + suffix, PRIVATE_FILE_MODE);
  const backups = path.join(dataDir, 'backups');
  let names: string[];
  try {
    names = fs.readdirSync(backups);
  } catch {
    return;
  }
  restrictMode(backups, PRIVATE_DIR_MODE);
  for (const name of names) {
    const p = path.join(backups, name);
    restrictMode(p, fs.statSync(p).isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
  }
}
