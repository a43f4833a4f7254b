/** Handlers of the owner's reports; inputs arrive parsed (see dispatch.ts). */
import type { reportsContract } from '../../../shared/contract/reports';
import { dashboard } from '../../services/reports';
import type { HandlerMap } from '../types';

export const reportsHandlers: HandlerMap<keyof typeof reportsContract> = {
  'reports.dashboard': (ctx, input) => dashboard(ctx, input),
};
