import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncPeerClock } from '../../../../shared/contract/sync';

/** Another till's clock beside it on the Sync page: a warning when it is more than 5 minutes off (the sync is never refused for it). */
export function PeerClock({ clock }: { clock: SyncPeerClock | null }) {
  const { t } = useTranslation();
  if (!clock)
    return (
      <Text size="sm" c="dimmed">
        {t('sync.clockUnknown')}
      </Text>
    );
  if (!clock.warning) return <Text size="sm">{t('sync.clockOk')}</Text>;
  const minutes = Math.floor(clock.warning.ms / 60_000);
  return (
    <div data-testid="sync-peer-clock-warning">
      <Text size="sm" c="orange.8" fw={600}>
        {t(clock.warning.direction === 'ahead' ? 'sync.clockAhead' : 'sync.clockBehind', { minutes })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('sync.clockHint')}
      </Text>
    </div>
  );
}
