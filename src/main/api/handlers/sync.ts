/** Handlers of "Sync now" (issue 18); inputs arrive parsed (see dispatch.ts). */
import type { syncContract } from '../../../shared/contract/sync';
import { newIdentity, runSync, setSyncFolder, syncStatus } from '../../services/syncNow';
import { listSyncFindings } from '../../services/syncFindings';
import { setSyncHub, setSyncVia } from '../../services/syncHub';
import type { HandlerMap } from '../types';

export const syncHandlers: HandlerMap<keyof typeof syncContract> = {
  'sync.status': (ctx) => syncStatus(ctx),
  'sync.setFolder': (ctx, { folder }) => setSyncFolder(ctx, folder),
  'sync.setVia': async (ctx, { via }) => (await setSyncVia(ctx, via), syncStatus(ctx)),
  'sync.setHub': async (ctx, { url, password }) => (await setSyncHub(ctx, url, password), syncStatus(ctx)),
  'sync.run': (ctx) => runSync(ctx),
  'sync.newIdentity': (ctx) => newIdentity(ctx),
  'sync.findings': (ctx, { limit }) => listSyncFindings(ctx, limit),
};
