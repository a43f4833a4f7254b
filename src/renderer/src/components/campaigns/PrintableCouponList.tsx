import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { CampaignCoupon } from '../../../../shared/contract/campaigns';
import { formatCouponCode } from '../../../../shared/couponCode';

/** The coupon list to hand out or phone through: who, their phone, their code, the offer, the state. */
export function PrintableCouponList({ title, offer, coupons }: { title: string; offer: string; coupons: CampaignCoupon[] }) {
  const { t } = useTranslation();
  return createPortal(
    <div className="print-root coupon-list-root" data-testid="printable-coupon-list">
      <h2>
        {title} · {offer}
      </h2>
      <table className="coupon-list">
        <thead>
          <tr>
            <th>{t('campaigns.customer')}</th>
            <th>{t('campaigns.phone')}</th>
            <th>{t('campaigns.code')}</th>
            <th>{t('campaigns.state')}</th>
          </tr>
        </thead>
        <tbody>
          {coupons.map((c) => (
            <tr key={c.id}>
              <td>{c.customerName ? `${c.customerName} (${c.customerCode})` : '—'}</td>
              <td>{c.phone ?? ''}</td>
              <td className="coupon-list-code">{formatCouponCode(c.code)}</td>
              <td>{t(`campaigns.stateValue.${c.state}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>,
    document.body,
  );
}
