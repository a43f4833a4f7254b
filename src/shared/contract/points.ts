/**
 * Points beyond earning at the counter (issue 16): the owner's adjustments and a customer's whole
 * ledger. Spending is sales.record's `redeemPoints`; what points are worth is settings.pointsValue.
 */
import { z } from 'zod';
import { id, out } from './schema';

export type PointsKind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse';

/** One ledger row with the balance after it. */
export interface PointsEntry {
  id: string;
  at: string;
  kind: PointsKind;
  points: number;
  reason: string;
  saleId: string | null;
  balance: number;
}

/** Points that will expire on a day unless spent first (empty while expiry is off). */
export interface PointsExpiring {
  expiresAt: string;
  points: number;
}

export interface PointsLedger {
  balance: number;
  /** Oldest first, so the running balance reads down the page. */
  entries: PointsEntry[];
  expiring: PointsExpiring[];
}

export const pointsContract = {
  /**
   * The owner adds (+) or takes away (−) points, always with a reason. Taking more than the
   * balance is refused unless `belowZero` says so: the one way a balance goes below zero.
   */
  'points.adjust': {
    input: z.object({
      customerId: id,
      points: z
        .number()
        .int({ message: 'whole points only' })
        .min(-1_000_000_000)
        .max(1_000_000_000)
        .refine((n) => n !== 0, { message: 'an adjustment of zero changes nothing', params: { reason: 'zero' } }),
      reason: z
        .string()
        .max(300)
        .transform((s) => s.trim())
        .refine((s) => s.length > 0, { message: 'a reason is required', params: { reason: 'required' } }),
      belowZero: z.boolean().optional(),
    }),
    output: out<{ entry: PointsEntry; balance: number }>(),
  },
  'points.ledger': { input: z.object({ customerId: id }), output: out<PointsLedger>() },
};
