import type { TFunction } from 'i18next';
import type { Receipt } from '../../../../shared/contract/receipts';
import { formatCardNumber } from '../../../../shared/cardNumber';
import { formatCouponCode } from '../../../../shared/couponCode';
import type { Formats } from '../../hooks/formats';

export type ReceiptPaper = '80mm' | 'a4';

function Line({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <div className={strong ? 'receipt-line receipt-strong' : 'receipt-line'} data-testid={testId}>
      <span>{label}</span>
      <span className="receipt-value">{value}</span>
    </div>
  );
}

/**
 * One receipt, laid out for an 80 mm roll or an A4 page. `t` and `f` are the shop's language and
 * formats (the slip goes to the customer, whatever language the cashier reads the app in).
 */
export function ReceiptSheet({ receipt: r, paper, t, f }: { receipt: Receipt; paper: ReceiptPaper; t: TFunction; f: Formats }) {
  const points = (n: number): string => f.number(n);
  return (
    <div className={`receipt receipt-${paper}`} data-testid="receipt-sheet" lang={r.shop.locale}>
      <div className="receipt-shop">{r.shop.name}</div>
      {r.shop.address && <div className="receipt-center">{r.shop.address}</div>}
      <div className="receipt-heading">{t('receipt.heading')}</div>
      {r.voidedAt && <div className="receipt-void">{t('receipt.voided')}</div>}
      <hr />
      <Line label={t('receipt.number')} value={r.reference} />
      <Line label={t('receipt.date')} value={f.dateTime(r.soldAt)} />
      <Line label={t('receipt.customer')} value={r.customer ? `${r.customer.name} (${r.customer.code})` : t('receipt.walkIn')} />
      {r.cardNumber && <Line label={t('receipt.card')} value={formatCardNumber(r.cardNumber)} />}
      <hr />
      {(r.discount > 0 || r.redeemedValue > 0) && <Line label={t('receipt.subtotal')} value={f.money(r.amountBefore)} />}
      {r.discount > 0 && (
        <Line label={t('receipt.coupon', { code: r.couponCode ? formatCouponCode(r.couponCode) : '' })} value={`−${f.money(r.discount)}`} />
      )}
      {r.redeemedValue > 0 && (
        <Line label={t('receipt.pointsPaid', { points: points(r.pointsRedeemed) })} value={`−${f.money(r.redeemedValue)}`} />
      )}
      <Line label={t('receipt.total')} value={f.money(r.amount)} strong testId="receipt-total" />
      {r.customer && (
        <>
          <hr />
          <Line label={t('receipt.pointsEarned')} value={`+${points(r.pointsEarned)}`} />
          {r.pointsRedeemed > 0 && <Line label={t('receipt.pointsUsed')} value={`−${points(r.pointsRedeemed)}`} />}
          {r.pointsBalance !== null && <Line label={t('receipt.balance')} value={points(r.pointsBalance)} />}
          {r.tierNow && <Line label={t('receipt.tierNow')} value={r.tierNow} />}
        </>
      )}
      <hr />
      <div className="receipt-center">{r.shop.footer ?? t('receipt.thanks')}</div>
    </div>
  );
}
