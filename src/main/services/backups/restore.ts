/**
 * Restoring a backup, in an order where every failure leaves the shop as it was:
 * 1. the chosen file is copied to a private temporary file in the data folder (the backup itself
 *    is never opened for writing, and the rename in step 4 stays on one file system);
 * 2. the copy gets `PRAGMA integrity_check` and its migrations are compared with this version's
 *    (a file from a newer version is refused: this version cannot know what its tables mean);
 * 3. the shop as it is now is backed up (kind pre-restore);
 * 4. the connection is closed, the live file kept aside (with any -wal/-shm), the copy renamed
 *    over it, and the file opened again (migrating a backup from an older version, after
 *    its own pre-migration backup). If it will not open, the old file is put back and opened.
 * Only then is the old file deleted: the pre-restore backup holds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, RestoreResult } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/errors';
import { DB_FILE_NAME } from '../../db/open';
import { makePrivateFile } from '../../db/privateFiles';
import { inspectFile } from './inspect';

const SIDE_FILES = ['-wal', '-shm', ''];

export interface RestorePlan {
  dataDir: string;
  /** The backup to restore (any path: the CLI takes one; the API only names listed backups). */
  source: string;
  at: Date;
  nativeBinding?: string;
  /** Backs up the shop as it is now (null: there is no shop file yet); throws if it cannot. */
  backupCurrent(): Promise<BackupEntry | null>;
  /** Closes the shop's connection (if one is open), runs the swap, opens again; undoes the swap if that fails. */
  replace(swap: () => () => void): Promise<void>;
}

/**
 * Puts `candidate` in place of the live file; returns how to put the old one back. The old file is
 * kept aside by a hard link (a copy where links are not allowed) and the candidate renamed over
 * it, which replaces it in one step: at no moment is there no shop file, which the next start
 * would take for a new, empty shop. A -wal or -shm left beside the live file (none after a clean
 * close) goes aside with it.
 */
function swapShopFile(dataDir: string, candidate: string, aside: string): () => void {
  const live = path.join(dataDir, DB_FILE_NAME);
  const moved: string[] = [];
  let kept = false;
  const undo = (): void => {
    if (kept) {
      for (const s of ['-wal', '-shm']) fs.rmSync(live + s, { force: true });
      fs.renameSync(aside, live);
    }
    for (const s of moved) fs.renameSync(aside + s, live + s);
  };
  try {
    if (fs.existsSync(live)) {
      try {
        fs.linkSync(live, aside);
      } catch {
        fs.copyFileSync(live, aside);
      }
      kept = true;
    }
    for (const s of ['-wal', '-shm']) {
      if (!fs.existsSync(live + s)) continue;
      fs.renameSync(live + s, aside + s);
      moved.push(s);
    }
    fs.renameSync(candidate, live);
  } catch (e) {
    // The rename did not happen: the live file is still the old one, only the side files go back.
    if (kept) fs.rmSync(aside, { force: true });
    kept = false;
    undo();
    throw e;
  }
  return undo;
}

export async function restoreFile(plan: RestorePlan): Promise<RestoreResult> {
  const stamp = `${process.pid}-${plan.at.getTime()}`;
  const candidate = path.join(plan.dataDir, `restoring-${stamp}.sqlite`);
  const aside = path.join(plan.dataDir, `replaced-${stamp}.sqlite`);
  const label = path.basename(plan.source);
  try {
    makePrivateFile(candidate);
    try {
      await fs.promises.copyFile(plan.source, candidate);
    } catch (e) {
      throw new AppError('NOT_FOUND', `The backup ${label} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const { preview, summary } = await inspectFile(candidate, { label, pragma: 'integrity_check', nativeBinding: plan.nativeBinding });
    if (preview.check !== 'ok') {
      throw new AppError('BACKUP_DAMAGED', `The backup ${label} is damaged (${preview.check}); nothing was changed.`, {
        params: { check: preview.check.slice(0, 200) },
      });
    }
    if (!summary?.shop) throw new AppError('BACKUP_NOT_A_SHOP', `${label} is not a Regulars backup; nothing was changed.`);
    if (preview.newer) {
      throw new AppError(
        'BACKUP_TOO_NEW',
        `The backup ${label} was made by a newer version of Regulars (it has "${preview.schemaVersion}"). Install that version to restore it; nothing was changed.`,
        { params: { migration: preview.schemaVersion ?? '' } },
      );
    }
    const before = await plan.backupCurrent();
    await plan.replace(() => swapShopFile(plan.dataDir, candidate, aside));
    // Side files first: a -wal outliving its file would be taken for the live file's (sweep.ts).
    for (const s of SIDE_FILES) fs.rmSync(aside + s, { force: true });
    return { restored: preview, before };
  } finally {
    fs.rmSync(candidate, { force: true });
  }
}
