import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../shared/cardNumber';
import type { TierStatus } from '../../../shared/contract/tiers';
import { call } from '../api/client';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { Stat } from './Stat';
import { TierBadge } from './TierBadge';
import { TierStanding } from './TierStanding';

/** Who the next purchase goes to: the customer at the counter, or a walk-in. */
export function CustomerAtCounter({ onWalkIn }: { onWalkIn(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { atCounter, navigate, revision } = useApp();
  const customerId = atCounter?.customer.id ?? null;
  // Kept with the customer it is about: a swipe of the next card must not show the last one's standing while it loads.
  const [standing, setStanding] = useState<{ customerId: string; status: TierStatus } | null>(null);
  useEffect(() => {
    if (!customerId) return;
    let live = true;
    call('tiers.status', { customerId }).then(
      (status) => live && setStanding({ customerId, status }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [customerId, revision]);
  return (
    <Paper withBorder p="md" radius="md" data-testid="counter-customer">
      {atCounter ? (
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start">
            <div>
              <Group gap="xs">
                <Title order={3}>{atCounter.customer.fullName}</Title>
                <TierBadge tier={atCounter.tier} />
              </Group>
              <Text size="sm" c="dimmed">
                {atCounter.customer.code}
                {atCounter.card ? ` · ${t('counter.card')} ${formatCardNumber(atCounter.card.number)}` : ''}
              </Text>
              {standing?.customerId === atCounter.customer.id && <TierStanding status={standing.status} />}
            </div>
            <Group gap="xs">
              <Button variant="light" size="xs" onClick={() => navigate({ page: 'customer', id: atCounter.customer.id })}>
                {t('counter.openProfile')}
              </Button>
              <Button variant="default" size="xs" onClick={onWalkIn} title={t('counter.escHint')}>
                {t('counter.walkIn')}
              </Button>
            </Group>
          </Group>
          <Group gap="lg">
            <Stat label={t('stats.points')} value={f.number(atCounter.stats.pointsBalance)} testId="points-balance" />
            <Stat label={t('stats.visits')} value={f.number(atCounter.stats.visits)} />
            <Stat label={t('stats.totalSpend')} value={f.money(atCounter.stats.totalSpend)} />
            <Stat label={t('stats.lastVisit')} value={f.date(atCounter.stats.lastVisit)} />
          </Group>
        </Stack>
      ) : (
        <Group wrap="nowrap">
          <Badge variant="light" color="gray" size="lg" style={{ flexShrink: 0 }} data-testid="walk-in">
            {t('counter.walkIn')}
          </Badge>
          <Text c="dimmed" size="sm">
            {t('counter.walkInHint')}
          </Text>
        </Group>
      )}
    </Paper>
  );
}
