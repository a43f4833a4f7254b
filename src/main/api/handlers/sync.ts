/** Handlers of "Sync now" (issue 18); inputs arrive parsed (see dispatch.ts). */
import type { syncContract } from '../../../shared/contract/sync';
import { newIdentity, runSync, setSyncFolder, syncStatus } from '../../services/syncNow';
import { listSyncFindings, setFindingSeen } from '../../services/syncFindings';
import { setSyncHub, setSyncVia } from '../../services/syncHub';
import { withdrawLaterCoupons } from '../../services/campaigns/withdraw';
import type { HandlerMap } from '../types';

export const syncHandlers: HandlerMap<keyof typeof syncContract> = {
  'sync.status': (ctx) => syncStatus(ctx),
  'sync.setFolder': (ctx, { folder }) => setSyncFolder(ctx, folder),
  'sync.setVia': async (ctx, { via }) => (await setSyncVia(ctx, via), syncStatus(ctx)),
  'sync.setHub': async (ctx, { url, password }) => (await setSyncHub(ctx, url, password), syncStatus(ctx)),
  'sync.run': (ctx) => runSync(ctx),
  'sync.newIdentity': (ctx) => newIdentity(ctx),
  'sync.findings': (ctx, { limit, withSeen }) => listSyncFindings(ctx, limit, withSeen),
  'sync.setFindingSeen': (ctx, { id, seen }) => setFindingSeen(ctx, id, seen),
  'sync.withdrawLaterCoupons': (ctx, { id }) => withdrawLaterCoupons(ctx, id),
};
