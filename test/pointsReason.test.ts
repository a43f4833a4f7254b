/** The customer page's wording of the ledger's reasons, expiry rows in particular (one row per customer and run since the expiry rework). */
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { PointsEntry } from '../src/shared/contract/points';
import { reasonText } from '../src/renderer/src/components/pointsReason';
import { expireRangeReason, expireReason } from '../src/main/services/points/expiry';

const t = ((key: string, params?: Record<string, unknown>) => `${key} ${JSON.stringify(params ?? {})}`) as unknown as TFunction;
const day = (iso: string): string => iso.slice(0, 10);
const entry = (reason: string): PointsEntry => ({
  id: '1',
  at: '2026-11-25T03:00:00.000Z',
  kind: 'expire',
  points: -5,
  reason,
  saleId: null,
  balance: 0,
});

describe('expire reasons on the customer page', () => {
  it('names the day one lot was earned', () => {
    expect(reasonText(t, entry(expireReason('2025-11-20T03:00:00.000Z')), day)).toBe('points.reasonExpired {"date":"2025-11-20"}');
  });

  it('names the days several lots were earned between, or one day when they share it', () => {
    const range = expireRangeReason('2025-01-02T03:00:00.123Z', '2025-03-04T05:00:00.000Z');
    expect(reasonText(t, entry(range), day)).toBe('points.reasonExpiredRange {"from":"2025-01-02","to":"2025-03-04"}');
    const sameDay = expireRangeReason('2025-01-02T03:00:00.000Z', '2025-01-02T09:00:00.000Z');
    expect(reasonText(t, entry(sameDay), day)).toBe('points.reasonExpired {"date":"2025-01-02"}');
  });
});
