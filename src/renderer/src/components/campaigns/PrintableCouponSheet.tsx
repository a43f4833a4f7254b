import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { CampaignCoupon } from '../../../../shared/contract/campaigns';
import { formatCouponCode } from '../../../../shared/couponCode';
import { CardBarcode } from '../CardBarcode';

type SheetCoupon = Pick<CampaignCoupon, 'code' | 'customerName'>;

/** Coupons a flyer's one code is printed on: one A4 page of them. */
export const FLYER_COPIES = 8;

/**
 * A4 sheets of coupons, eight a page, each with dashed cut lines, the shop, the holder, the offer,
 * the code (grouped for reading aloud) and its Code 128 barcode (the code alone, as the counter's
 * reader types it). Shown only by the print stylesheet, like the membership card.
 */
export function PrintableCouponSheet({
  shopName,
  offer,
  conditions,
  coupons,
}: {
  shopName: string;
  offer: string;
  /** "until …", "from …": the same for every coupon of the campaign. */
  conditions: string;
  coupons: SheetCoupon[];
}) {
  const { t } = useTranslation();
  return createPortal(
    <div className="print-root coupon-sheet-root" data-testid="printable-coupons">
      <div className="coupon-sheet">
        {coupons.map((c, i) => (
          <div className="coupon" key={`${c.code}-${i}`} data-testid="printable-coupon">
            <div className="coupon-shop">{shopName}</div>
            {c.customerName && <div className="coupon-holder">{t('campaigns.sheet.for', { name: c.customerName })}</div>}
            <div className="coupon-offer">{offer}</div>
            <div className="coupon-barcode">
              <CardBarcode number={c.code} height={50} width={2} />
            </div>
            <div className="coupon-code">{formatCouponCode(c.code)}</div>
            <div className="coupon-conditions">{conditions}</div>
          </div>
        ))}
      </div>
    </div>,
    document.body,
  );
}
