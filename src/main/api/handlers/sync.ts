/** Handlers of "Sync now" (issue 18); inputs arrive parsed (see dispatch.ts). */
import type { syncContract } from '../../../shared/contract/sync';
import { runSync, setSyncFolder, syncStatus } from '../../services/syncNow';
import type { HandlerMap } from '../types';

export const syncHandlers: HandlerMap<keyof typeof syncContract> = {
  'sync.status': (ctx) => syncStatus(ctx),
  'sync.setFolder': (ctx, { folder }) => setSyncFolder(ctx, folder),
  'sync.run': (ctx) => runSync(ctx),
};
