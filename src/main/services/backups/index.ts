/**
 * Backups and restore for the open shop (the API's side); the CLI uses writeBackup and restoreFile
 * directly. See names (what a file is), rotation (what is kept), take, inspect, restore, schedule.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupFolder, BackupPreview, BackupsState, RestoreResult } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { dataBackupsDir, listFolder } from './files';
import { readSecondFolder, SECOND_FOLDER_KEY, setSecondFolder } from './folders';
import { inspectFile } from './inspect';
import { restoreFile } from './restore';
import { shopHandle, whileClosed } from './shop';
import { takeBackup } from './take';
import { putSettingRow } from '../../db/settingRows';

export { takeBackup } from './take';
export { registerShop, shopOpen } from './shop';

export async function backupsState(ctx: Ctx): Promise<BackupsState> {
  const second = await readSecondFolder(ctx);
  const entries = [...listFolder(dataBackupsDir(ctx.dataDir), 'data'), ...(second ? listFolder(second, 'second') : [])];
  entries.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.folder < b.folder ? -1 : 1));
  return { entries, secondFolder: second, secondFolderMissing: second !== null && !fs.existsSync(second), dataFolder: ctx.dataDir };
}

export async function chooseSecondFolder(ctx: Ctx, folder: string | null): Promise<BackupsState> {
  await setSecondFolder(ctx, folder);
  return backupsState(ctx);
}

async function fileOf(ctx: Ctx, folder: BackupFolder, name: string): Promise<string> {
  const dir = folder === 'data' ? dataBackupsDir(ctx.dataDir) : await readSecondFolder(ctx);
  const file = dir ? path.join(dir, name) : null;
  if (!file || !listFolder(dir!, folder).some((e) => e.name === name)) {
    throw new AppError('NOT_FOUND', `There is no backup ${name} in the ${folder === 'data' ? 'data' : 'second'} folder.`);
  }
  return file;
}

export async function inspectBackup(ctx: Ctx, folder: BackupFolder, name: string): Promise<BackupPreview> {
  const file = await fileOf(ctx, folder, name);
  return (await inspectFile(file, { nativeBinding: shopHandle(ctx)?.nativeBinding })).preview;
}

/** Restores a listed backup into the open shop; every later call sees the restored file. */
export async function restoreBackup(ctx: Ctx, folder: BackupFolder, name: string): Promise<RestoreResult> {
  const handle = shopHandle(ctx);
  if (!handle) throw new Error('restore needs a shop opened by openBackend');
  const source = await fileOf(ctx, folder, name);
  // The second folder is this computer's choice, not the backup's: kept across the restore.
  const second = await readSecondFolder(ctx);
  const result = await restoreFile({
    dataDir: ctx.dataDir,
    source,
    at: ctx.now(),
    nativeBinding: handle.nativeBinding,
    backupCurrent: async () => (await takeBackup(ctx, 'pre-restore')).entry,
    replace: (swap) => whileClosed(ctx, () => handle.reopenAfter(swap)),
  });
  if ((await readSecondFolder(ctx)) !== second) {
    await putSettingRow(ctx.db, SECOND_FOLDER_KEY, second === null ? null : JSON.stringify(second));
  }
  return result;
}
