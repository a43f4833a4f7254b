/**
 * The second folder copies are mirrored to (a USB stick, a synced folder). It is a setting of
 * this computer's file (a `settings` row, not logged as a change: a path on one till means
 * nothing on another). The live database must never sit in a synced folder (a sync client copies
 * it mid-write and hands back a torn file), so a folder that is, or is inside, the data folder, or
 * that holds the data folder or a shop's live file, is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { DB_FILE_NAME } from '../../db/open';
import type { Ctx } from '../context';
import { putSettingRow } from '../../db/settingRows';

export const SECOND_FOLDER_KEY = 'backupFolder';

export async function readSecondFolder(ctx: Ctx): Promise<string | null> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', SECOND_FOLDER_KEY).executeTakeFirst();
  if (!row) return null;
  const v = JSON.parse(row.value) as unknown;
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The real path, or the path resolved when it does not exist yet. */
function real(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

const caseless = process.platform === 'win32' || process.platform === 'darwin';
const same = (a: string, b: string): boolean => (caseless ? a.toLowerCase() === b.toLowerCase() : a === b);

/** Whether `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(caseless ? outer.toLowerCase() : outer, caseless ? inner.toLowerCase() : inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Checks a chosen folder; throws the reason it cannot be used. */
export function checkSecondFolder(folder: string, dataDir: string): string {
  const field = 'folder';
  if (!path.isAbsolute(folder)) {
    throw new AppError('BACKUP_FOLDER_UNUSABLE', 'Give the whole path of the folder (for example D:\\Backups or /media/usb/backups).', {
      field,
      params: { reason: 'relative' },
    });
  }
  // Checked before the folder's existence: a folder not yet made inside the data folder is as wrong.
  const chosen = real(folder);
  const data = real(dataDir);
  if (within(chosen, data) || within(data, chosen) || same(chosen, data)) {
    throw new AppError(
      'BACKUP_FOLDER_HOLDS_SHOP',
      'That folder is the shop’s data folder, inside it, or holds it: a copy there is lost with the data folder, and a synced folder must never hold the live file. Pick another folder.',
      { field },
    );
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(folder);
  } catch {
    throw new AppError('BACKUP_FOLDER_UNUSABLE', `The folder ${folder} does not exist (is the USB stick plugged in?).`, {
      field,
      params: { reason: 'missing' },
    });
  }
  if (!st.isDirectory()) {
    throw new AppError('BACKUP_FOLDER_UNUSABLE', `${folder} is a file, not a folder.`, { field, params: { reason: 'notFolder' } });
  }
  if (fs.existsSync(path.join(chosen, DB_FILE_NAME))) {
    throw new AppError('BACKUP_FOLDER_HOLDS_SHOP', 'That folder holds a shop’s live data file. Pick a folder meant for backups only.', {
      field,
    });
  }
  const probe = path.join(chosen, `.regulars-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch {
    throw new AppError('BACKUP_FOLDER_UNUSABLE', `Regulars cannot write in ${folder}.`, { field, params: { reason: 'readOnly' } });
  }
  return chosen;
}

export async function setSecondFolder(ctx: Ctx, folder: string | null): Promise<void> {
  await putSettingRow(
    ctx.db,
    SECOND_FOLDER_KEY,
    folder === null || folder === '' ? null : JSON.stringify(checkSecondFolder(folder, ctx.dataDir)),
  );
}
