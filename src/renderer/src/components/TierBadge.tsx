import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The customer's membership tier (derived from rolling spend); nothing below the first tier. */
export function TierBadge({ tier, size }: { tier: string | null | undefined; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  if (!tier) return null;
  return (
    <Badge color="yellow" variant="filled" size={size} data-testid="tier-badge">
      {t('tiers.badge', { name: tier })}
    </Badge>
  );
}
