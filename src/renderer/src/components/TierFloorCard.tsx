import { Alert, Button, Card, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { DateField } from './DateField';
import { errorField, errorText } from './errorText';
import { TierStanding } from './TierStanding';

/**
 * The customer's tier on their page: where they stand, a tier set by hand with its reason and end
 * date, and the owner's set/end (both ask for a reason). Hidden while the shop has no tiers.
 */
export function TierFloorCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { revision, touch } = useApp();
  const { data: status } = useApiQuery('tiers.status', { customerId }, `${customerId}|${revision}`, 0);
  const { data: rule } = useApiQuery('tiers.getRule', {}, String(revision), 0);
  const [mode, setMode] = useState<'set' | 'clear' | null>(null);
  const [tier, setTier] = useState<string | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (!rule || rule.tiers.length === 0 || !status) return null;

  const open = (m: 'set' | 'clear'): void => {
    setMode(m);
    setTier(status.floor?.tier ?? rule.tiers[rule.tiers.length - 1]!.name);
    setUntil(status.floor?.until ?? '');
    setReason('');
    setErrors({});
  };

  async function save(): Promise<void> {
    try {
      if (mode === 'set') await call('tiers.setFloor', { customerId, tier: tier ?? '', until, reason });
      else await call('tiers.clearFloor', { customerId, reason });
      setMode(null);
      touch();
    } catch (e) {
      const field = errorField(e);
      setErrors({ [field === 'reason' || field === 'until' || field === 'tier' ? field : '_form']: errorText(t, e) });
    }
  }

  return (
    <Card withBorder radius="md" data-testid="tier-card">
      <Group justify="space-between" mb="sm">
        {/* The page's header carries the tier badge; one badge per page keeps it unambiguous. */}
        <Title order={4}>{t('tiers.cardTitle')}</Title>
        <Group gap="xs">
          {status.floor && (
            <Button variant="subtle" size="xs" color="red" onClick={() => open('clear')} data-testid="tier-floor-clear">
              {t('tiers.floorClear')}
            </Button>
          )}
          <Button variant="light" size="xs" onClick={() => open('set')} data-testid="tier-floor-set">
            {t('tiers.floorSet')}
          </Button>
        </Group>
      </Group>
      <Stack gap={4}>
        {!status.tier && <Text size="sm">{t('tiers.noTierYet')}</Text>}
        <TierStanding status={status} />
        {status.floor && (
          <Text size="sm" data-testid="tier-floor">
            {t('tiers.floorLine', { tier: status.floor.tier, date: f.day(status.floor.until), reason: status.floor.reason })}
          </Text>
        )}
        {status.floor && status.earnedTier !== status.tier && (
          <Text size="xs" c="dimmed">
            {t('tiers.floorEarned', { tier: status.earnedTier ?? t('tiers.noTier') })}
          </Text>
        )}
      </Stack>
      <Modal
        opened={mode !== null}
        onClose={() => setMode(null)}
        title={mode === 'set' ? t('tiers.floorSetTitle') : t('tiers.floorClearTitle')}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            {mode === 'set' && (
              <>
                <Text size="sm" c="dimmed">
                  {t('tiers.floorExplain')}
                </Text>
                <Select
                  label={t('tiers.floorTier')}
                  data={rule.tiers.map((x) => x.name)}
                  value={tier}
                  onChange={setTier}
                  allowDeselect={false}
                  error={errors.tier}
                  data-testid="tier-floor-tier"
                />
                <DateField
                  label={t('tiers.floorUntil')}
                  value={until}
                  onChange={setUntil}
                  error={errors.until}
                  data-testid="tier-floor-until"
                />
              </>
            )}
            <TextInput
              label={t('tiers.floorReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
              data-testid="tier-floor-reason"
              data-autofocus
            />
            {errors._form && <Alert color="red">{errors._form}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setMode(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color={mode === 'clear' ? 'red' : undefined} data-testid="tier-floor-save">
                {mode === 'set' ? t('tiers.floorSave') : t('tiers.floorClear')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
