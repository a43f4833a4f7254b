/** Handlers of backups and restore; inputs arrive parsed (see dispatch.ts). */
import type { backupsContract } from '../../../shared/contract/backups';
import { backupsState, chooseSecondFolder, inspectBackup, restoreBackup, takeBackup } from '../../services/backups';
import type { HandlerMap } from '../types';

export const backupsHandlers: HandlerMap<keyof typeof backupsContract> = {
  'backups.list': (ctx) => backupsState(ctx),
  'backups.take': (ctx) => takeBackup(ctx, 'manual'),
  'backups.setFolder': (ctx, { folder }) => chooseSecondFolder(ctx, folder),
  'backups.inspect': (ctx, { folder, name }) => inspectBackup(ctx, folder, name),
  'backups.restore': (ctx, { folder, name }) => restoreBackup(ctx, folder, name),
};
