import type { TFunction } from 'i18next';
import type { PointsEntry } from '../../../shared/contract/points';

/** The ledger's reasons are written by the services in a fixed form; shown in the UI's language. */
export function reasonText(t: TFunction, e: PointsEntry, day: (iso: string) => string): string {
  if (e.reason === 'purchase') return t('points.reasonPurchase');
  if (e.reason === 'per visit') return t('points.reasonPerVisit');
  if (e.reason === 'sign-up bonus') return t('points.reasonSignup');
  const birthday = /^birthday (\d{4})$/.exec(e.reason);
  if (birthday) return t('points.reasonBirthday', { year: birthday[1] });
  const tiered = /^per amount ×(\S+) (.+)$/.exec(e.reason);
  if (tiered) return t('points.reasonTiered', { multiplier: tiered[1], tier: tiered[2] });
  const coupon = /^coupon (.+)$/.exec(e.reason);
  if (coupon) return t('points.reasonCoupon', { code: coupon[1] });
  const voided = /^void: (.*)$/s.exec(e.reason);
  if (voided) return t('points.reasonVoid', { reason: voided[1] });
  const expired = /^expired lot earned (\S+)$/.exec(e.reason);
  if (expired) return t('points.reasonExpired', { date: day(expired[1]!) });
  // Since one expire row per customer and run: the lots it took were earned between the two times.
  const expiredRange = /^expired lots earned (\S+) to (\S+)$/.exec(e.reason);
  if (expiredRange) {
    const [from, to] = [day(expiredRange[1]!), day(expiredRange[2]!)];
    return from === to ? t('points.reasonExpired', { date: from }) : t('points.reasonExpiredRange', { from, to });
  }
  return e.reason;
}
