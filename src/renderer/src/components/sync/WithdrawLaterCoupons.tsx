import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WithdrawnCoupons } from '../../../../shared/contract/sync';
import { call } from '../../api/client';
import { errorText } from '../errorText';
import { useFormat } from '../../hooks/useFormat';

/**
 * A campaign issued on two tills before they synced: the owner withdraws the set issued later (the
 * same set on every till). Asked once more before it cancels, since customers hold those coupons.
 */
export function WithdrawLaterCoupons({
  campaignId,
  count,
  onDone,
}: {
  campaignId: string;
  count: number;
  onDone: (r: WithdrawnCoupons | null, error: string | null) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  async function withdraw(): Promise<void> {
    setBusy(true);
    try {
      onDone(await call('sync.withdrawLaterCoupons', { id: campaignId }), null);
    } catch (e) {
      onDone(null, errorText(t, e));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }
  if (!asking)
    return (
      <Button size="compact-sm" variant="light" color="orange" onClick={() => setAsking(true)} data-testid="sync-finding-withdraw">
        {t('syncFindings.withdraw')}
      </Button>
    );
  return (
    <Group gap={4} wrap="wrap" data-testid="sync-finding-withdraw-ask">
      <Text size="sm">{t('syncFindings.withdrawAsk', { count, n: f.number(count) })}</Text>
      <Button size="compact-sm" color="orange" loading={busy} onClick={() => void withdraw()} data-testid="sync-finding-withdraw-yes">
        {t('syncFindings.withdrawYes')}
      </Button>
      <Button size="compact-sm" variant="subtle" onClick={() => setAsking(false)} data-testid="sync-finding-withdraw-no">
        {t('syncFindings.withdrawNo')}
      </Button>
    </Group>
  );
}
