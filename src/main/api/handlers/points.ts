/** Handlers of the points ledger and the owner's adjustments; inputs arrive parsed (see dispatch.ts). */
import type { pointsContract } from '../../../shared/contract/points';
import { adjustPoints, pointsLedger } from '../../services/points/ledger';
import type { HandlerMap } from '../types';

export const pointsHandlers: HandlerMap<keyof typeof pointsContract> = {
  'points.adjust': (ctx, input) => adjustPoints(ctx, input),
  'points.ledger': (ctx, { customerId }) => pointsLedger(ctx, customerId),
};
