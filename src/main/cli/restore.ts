/**
 * `regulars restore FILE`: puts a backup in place of the shop's file, with the same checks as the
 * app's Backups page (services/backups/restore.ts). It refuses while the app or `serve` has the
 * shop open: swapping the file under a running app would leave it writing sales to the old file,
 * lost at its next start. The test is SQLite's own: an exclusive lock on the file, which no other
 * open connection allows. The lock is held through the pre-restore copy and let go just before
 * the swap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { backupDatabase } from '../db/backup';
import { DB_FILE_NAME } from '../db/open';
import { makePrivateDir } from '../db/privateFiles';
import { isBusyError } from '../db/busy';
import { dataBackupsDir, pruneFolder } from '../services/backups/files';
import { backupFileName } from '../services/backups/names';
import { restoreFile } from '../services/backups/restore';

export const RESTORE_HELP = `  restore FILE  Puts a backup in place of the shop's file: checks it (integrity_check), refuses one
            from a newer version, backs up the shop as it is first (backups/pre-restore-…).
            Refused while the app or \`serve\` has the shop open (exit 3): close it, or restore from its Backups page.`;

export const SHOP_OPEN_MESSAGE =
  'the shop is open in Regulars (the app or `serve`); nothing was changed. Close it first, or restore from its Backups page';

export class ShopOpenError extends Error {}

/** An exclusive hold on the live file, or ShopOpenError when another connection has it open. */
function holdExclusively(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 1000');
    db.pragma('locking_mode = EXCLUSIVE');
    // In WAL mode every open connection keeps a shared hold; the exclusive lock waits for none of them.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (e) {
    db.close();
    if (isBusyError(e)) throw new ShopOpenError(SHOP_OPEN_MESSAGE);
    throw e;
  }
}

export async function restoreCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let parsed: { values: { 'data-dir'?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  if (parsed.positionals.length !== 1) throw usageError('restore needs exactly one FILE (a backup)');
  const source = path.resolve(parsed.positionals[0]!);
  if (!fs.existsSync(source)) throw usageError(`No such file: ${source}`);
  const dataDir = dataDirOf(parsed.values['data-dir']);
  makePrivateDir(dataDir);
  const liveFile = path.join(dataDir, DB_FILE_NAME);
  let live: BetterSqlite3.Database | null = fs.existsSync(liveFile) ? holdExclusively(liveFile) : null;
  const at = new Date();
  try {
    const result = await restoreFile({
      dataDir,
      source,
      at,
      backupCurrent: async () => {
        if (!live) return null;
        const dir = dataBackupsDir(dataDir);
        const copy = backupDatabase(live, path.join(dir, backupFileName('pre-restore', at)));
        if (copy.check !== 'ok') throw new Error(`the copy of the shop as it is failed its check (${copy.check}); nothing was changed`);
        pruneFolder(dir);
        return { name: path.basename(copy.file), folder: 'data', kind: 'pre-restore', takenAt: at.toISOString(), bytes: copy.bytes };
      },
      replace: async (swap) => {
        live?.close();
        live = null;
        swap();
      },
    });
    if (result.before) out(`The shop as it was: ${path.join(dataBackupsDir(dataDir), result.before.name)}`);
    const p = result.restored;
    out(`Restored ${p.name} (taken ${p.takenAt}): ${p.customers} customers, ${p.purchases} purchases, last ${p.lastPurchaseAt ?? 'none'}.`);
    out(`Checked (integrity_check ok). The app brings it up to date (migrations) when it next opens the shop.`);
    return 0;
  } finally {
    live?.close();
  }
}
