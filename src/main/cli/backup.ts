/**
 * `regulars backup`: a consistent, checked copy of the shop's file, safe while the app runs. The
 * file is opened as it is (no migration: a backup must not change what it copies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { backupDatabase } from '../db/backup';
import { DB_FILE_NAME } from '../db/open';
import { pruneFolder } from '../services/backups/files';
import { backupFileName } from '../services/backups/names';

export const BACKUP_HELP = `  backup    A consistent copy of the shop's file, checked, safe while the app runs.
            [--to DIR] (default: the data folder's backups/). The folder keeps the 10 most recent manual copies.`;

export function backupCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): number {
  let values: { 'data-dir'?: string; to?: string };
  try {
    ({ values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const dir = dataDirOf(values['data-dir']);
  const source = path.join(dir, DB_FILE_NAME);
  if (!fs.existsSync(source)) throw usageError(`No shop data in ${dir} (no ${DB_FILE_NAME}).`);
  const to = values.to ? path.resolve(values.to) : path.join(dir, 'backups');
  const sqlite = new BetterSqlite3(source, { fileMustExist: true });
  let result;
  try {
    sqlite.pragma('busy_timeout = 5000');
    result = backupDatabase(sqlite, path.join(to, backupFileName('manual', new Date())));
  } finally {
    sqlite.close();
  }
  if (result.check !== 'ok') {
    throw usageError(
      `The copy failed its check and was removed: ${result.check}. The shop's file may be damaged; keep your older backups.`,
    );
  }
  // Manual copies are rotated like the app's (the 10 most recent), in whichever folder they went to.
  pruneFolder(to);
  out(`Backup written: ${result.file}`);
  out(`Size: ${(result.bytes / 1_048_576).toFixed(1)} MB (${result.bytes} bytes); checked (quick_check ok) in ${result.ms} ms.`);
  return 0;
}
