/**
 * Taking a backup: a consistent, checked copy of the shop's file in backups/ (0700, the copy 0600),
 * mirrored to the second folder when one is set, then both folders pruned by the rotation. The
 * copy and its check run in a worker (worker.ts), so the counter keeps selling meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, MirrorResult, TakenBackup } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/errors';
import { DB_FILE_NAME } from '../../db/open';
import { makePrivateDir, makePrivateFile } from '../../db/privateFiles';
import type { Ctx } from '../context';
import { dataBackupsDir, pruneFolder } from './files';
import { readSecondFolder } from './folders';
import { backupFileName, type BackupKind } from './names';
import { shopHandle } from './shop';
import { runInWorker } from './worker';

export interface WriteBackupOptions {
  dataDir: string;
  kind: BackupKind;
  at: Date;
  nativeBinding?: string;
  /** The second folder, or null. */
  mirrorTo: string | null;
}

/** Two backups in one millisecond (a test, a double click) get distinct names. */
function freeName(dir: string, kind: BackupKind, at: Date): string {
  let t = at.getTime();
  while (fs.existsSync(path.join(dir, backupFileName(kind, new Date(t))))) t += 1;
  return backupFileName(kind, new Date(t));
}

/** Copies the checked backup to the second folder under a temporary name first, so a pulled stick never holds half a file under a backup's name. */
async function mirror(file: string, name: string, folder: string): Promise<MirrorResult> {
  const partial = path.join(folder, `${name}.partial`);
  try {
    makePrivateDir(folder);
    makePrivateFile(partial);
    await fs.promises.copyFile(file, partial);
    await fs.promises.rename(partial, path.join(folder, name));
    return { ok: true };
  } catch (e) {
    await fs.promises.rm(partial, { force: true }).catch(() => undefined);
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Writes one backup of the shop's file in `dataDir`; throws BACKUP_FAILED if the copy cannot be made or fails its check. */
export async function writeBackup(o: WriteBackupOptions): Promise<TakenBackup> {
  const started = performance.now();
  const dir = dataBackupsDir(o.dataDir);
  makePrivateDir(dir);
  const name = freeName(dir, o.kind, o.at);
  const file = path.join(dir, name);
  makePrivateFile(file);
  let check: string;
  try {
    check = await runInWorker({ copyFrom: path.join(o.dataDir, DB_FILE_NAME), file, pragma: 'quick_check' }, o.nativeBinding);
  } catch (e) {
    fs.rmSync(file, { force: true });
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw e;
    throw new AppError('BACKUP_FAILED', `The backup could not be written: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (check !== 'ok') {
    // A bad copy is worse than none: it would be trusted.
    fs.rmSync(file, { force: true });
    throw new AppError(
      'BACKUP_FAILED',
      `The copy failed its check and was removed: ${check}. The shop's file may be damaged; keep the older backups.`,
    );
  }
  const entry: BackupEntry = { name, folder: 'data', kind: o.kind, takenAt: o.at.toISOString(), bytes: fs.statSync(file).size };
  const mirrored = o.mirrorTo ? await mirror(file, name, o.mirrorTo) : null;
  let pruned = pruneFolder(dir).length;
  if (mirrored?.ok) pruned += pruneFolder(o.mirrorTo!).length;
  return { entry, mirror: mirrored, pruned, ms: Math.round(performance.now() - started) };
}

/** A backup of the open shop. */
export async function takeBackup(ctx: Ctx, kind: BackupKind): Promise<TakenBackup> {
  return writeBackup({
    dataDir: ctx.dataDir,
    kind,
    at: ctx.now(),
    nativeBinding: shopHandle(ctx)?.nativeBinding,
    mirrorTo: await readSecondFolder(ctx),
  });
}
