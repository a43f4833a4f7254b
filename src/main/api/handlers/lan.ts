/** Handlers of the LAN access switch; inputs arrive parsed (see dispatch.ts). */
import type { lanContract } from '../../../shared/contract/lan';
import { getLanAccess, setLanAccess } from '../../services/lanAccess';
import type { HandlerMap } from '../types';

export const lanHandlers: HandlerMap<keyof typeof lanContract> = {
  'lan.getAccess': (ctx) => getLanAccess(ctx.db),
  'lan.setAccess': (ctx, input) => setLanAccess(ctx, input),
};
