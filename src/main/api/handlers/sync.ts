/** Handlers of "Sync now" (issue 18); inputs arrive parsed (see dispatch.ts). */
import type { syncContract } from '../../../shared/contract/sync';
import { newIdentity, runSync, setSyncFolder, syncStatus } from '../../services/syncNow';
import { listSyncFindings } from '../../services/syncFindings';
import type { HandlerMap } from '../types';

export const syncHandlers: HandlerMap<keyof typeof syncContract> = {
  'sync.status': (ctx) => syncStatus(ctx),
  'sync.setFolder': (ctx, { folder }) => setSyncFolder(ctx, folder),
  'sync.run': (ctx) => runSync(ctx),
  'sync.newIdentity': (ctx) => newIdentity(ctx),
  'sync.findings': (ctx, { limit }) => listSyncFindings(ctx, limit),
};
