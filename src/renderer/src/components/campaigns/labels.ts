import type { TFunction } from 'i18next';
import type { CampaignAudience, CampaignOffer } from '../../../../shared/contract/campaigns';
import type { Formats } from '../../hooks/formats';

/** "Lifecycle: Lapsed", "Segment: Big spenders" (a deleted segment shows its id's absence as —). */
export function audienceText(t: TFunction, a: CampaignAudience, segmentName?: string): string {
  switch (a.kind) {
    case 'segment':
      return t('campaigns.audienceOf.segment', { name: segmentName ?? '—' });
    case 'rfm':
      return t('campaigns.audienceOf.rfm', { name: t(`rfm.segment.${a.segment}`) });
    case 'lifecycle':
      return t('campaigns.audienceOf.lifecycle', { name: t(`lifecycle.group.${a.group}`) });
    case 'tier':
      return t('campaigns.audienceOf.tier', { name: a.tier });
    case 'flyer':
      return t('campaigns.audienceOf.flyer', { limit: a.usageLimit });
  }
}

export function offerText(t: TFunction, f: Formats, o: CampaignOffer): string {
  switch (o.kind) {
    case 'percent':
      return t('campaigns.offerOf.percent', { percent: o.percent });
    case 'amount':
      return t('campaigns.offerOf.amount', { amount: f.money(o.amount) });
    case 'item':
      return t('campaigns.offerOf.item', { text: o.text });
    case 'points':
      return t('campaigns.offerOf.points', { points: f.number(o.points) });
  }
}
