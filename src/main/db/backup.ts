/**
 * Consistent copies of the shop's file while the app keeps working. `VACUUM INTO` reads the file
 * in one read transaction (WAL lets the counter keep writing meanwhile) and writes a compacted
 * copy; the copy is created private and empty first, and VACUUM INTO keeps its mode. The copy is
 * then checked on its own (`PRAGMA quick_check`) before anyone relies on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { makePrivateDir, makePrivateFile } from './privateFiles';

export interface BackupResult {
  file: string;
  bytes: number;
  /** 'ok', or what quick_check found wrong (the copy is then removed). */
  check: string;
  ms: number;
}

/** A name that sorts by time and is safe on every file system: regulars-2026-11-25T03-00-00-000Z.sqlite. */
export function backupName(prefix: string, at: Date): string {
  return `${prefix}-${at.toISOString().replace(/[:.]/g, '-')}.sqlite`;
}

/** Writes a consistent, private copy of the open database to `file`, which must not exist yet. */
export function copyDatabase(sqlite: BetterSqlite3.Database, file: string): void {
  makePrivateDir(path.dirname(file));
  if (fs.existsSync(file)) throw new Error(`${file} already exists`);
  makePrivateFile(file);
  try {
    sqlite.prepare('VACUUM INTO ?').run(file);
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
}

/** quick_check of a copy, opened read-only on its own: 'ok' or SQLite's findings. */
export function checkCopy(file: string): string {
  let copy: BetterSqlite3.Database | null = null;
  try {
    copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = copy.pragma('quick_check') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).join('; ');
  } catch (e) {
    // A file too damaged to check ("file is not a database", "malformed") failed the check.
    return e instanceof Error ? e.message : String(e);
  } finally {
    copy?.close();
  }
}

/** Copies, checks, and removes a copy that failed its check (a bad backup is worse than none: it is trusted). */
export function backupDatabase(sqlite: BetterSqlite3.Database, file: string): BackupResult {
  const t = performance.now();
  copyDatabase(sqlite, file);
  const check = checkCopy(file);
  const bytes = fs.statSync(file).size;
  if (check !== 'ok') fs.rmSync(file, { force: true });
  return { file, bytes, check, ms: Math.round(performance.now() - t) };
}
