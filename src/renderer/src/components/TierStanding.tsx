import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TierStatus } from '../../../shared/contract/tiers';
import { useFormat } from '../hooks/useFormat';

/** One line under a tier badge: what the tier gives, and what is left to spend for the next one. */
export function TierStanding({ status }: { status: TierStatus | null | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!status || (!status.tier && !status.next)) return null;
  const parts = [
    status.benefit ? t('tiers.benefitLine', { benefit: status.benefit }) : null,
    status.multiplier !== 1 ? t('tiers.multiplierLine', { multiplier: f.number(status.multiplier) }) : null,
    status.next ? t('tiers.toNext', { amount: f.money(status.next.toGo), tier: status.next.name }) : t('tiers.topTier'),
  ].filter(Boolean);
  return (
    <Text size="sm" c="dimmed" data-testid="tier-standing">
      {parts.join(' · ')}
    </Text>
  );
}
