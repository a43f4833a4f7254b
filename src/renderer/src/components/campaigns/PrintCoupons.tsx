import { Button } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign, CampaignCoupon } from '../../../../shared/contract/campaigns';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { errorText } from '../errorText';
import { offerText } from './labels';
import { PrintableCouponList } from './PrintableCouponList';
import { FLYER_COPIES, PrintableCouponSheet } from './PrintableCouponSheet';

async function allCoupons(id: string): Promise<CampaignCoupon[]> {
  const all: CampaignCoupon[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call('campaigns.coupons', { id, offset, limit: 500 });
    all.push(...page.items);
    if (offset + 500 >= page.total) return all;
  }
}

/**
 * "Print coupon sheet" and "Print coupon list": loads every coupon, puts the printable version in
 * the page (only the print stylesheet shows it) and opens the print dialog once it is there.
 */
export function PrintCoupons({ campaign, onError }: { campaign: Campaign; onError(message: string): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const settings = useApp((s) => s.settings);
  const [printing, setPrinting] = useState<{ kind: 'sheet' | 'list'; coupons: CampaignCoupon[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const printWhenShown = useRef(false);

  useEffect(() => {
    if (printing && printWhenShown.current) {
      printWhenShown.current = false;
      window.print();
    }
  }, [printing]);

  async function load(kind: 'sheet' | 'list'): Promise<void> {
    setBusy(true);
    try {
      const coupons = await allCoupons(campaign.id);
      printWhenShown.current = true;
      setPrinting({ kind, coupons });
    } catch (e) {
      onError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const offer = offerText(t, f, campaign.offer);
  // A sheet holds what can still be used; a flyer's one code fills a page.
  const usable = printing?.coupons.filter((c) => c.state === 'issued') ?? [];
  const sheet = campaign.sharedCode ? (usable.length > 0 ? Array.from({ length: FLYER_COPIES }, () => usable[0]!) : []) : usable;
  return (
    <>
      <Button variant="default" loading={busy} onClick={() => void load('sheet')} data-testid="print-coupons">
        {t('campaigns.sheet.print')}
      </Button>
      <Button variant="default" loading={busy} onClick={() => void load('list')} data-testid="print-coupon-list">
        {t('campaigns.sheet.printList')}
      </Button>
      {printing?.kind === 'sheet' && settings && (
        <PrintableCouponSheet
          shopName={settings.shopName}
          offer={offer}
          conditions={[
            t('campaigns.sheet.valid', { from: f.day(campaign.validFrom), to: f.day(campaign.validTo) }),
            campaign.minPurchase > 0 ? t('campaigns.minPurchaseValue', { amount: f.money(campaign.minPurchase) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
          coupons={sheet}
        />
      )}
      {printing?.kind === 'list' && <PrintableCouponList title={campaign.name} offer={offer} coupons={printing.coupons} />}
    </>
  );
}
