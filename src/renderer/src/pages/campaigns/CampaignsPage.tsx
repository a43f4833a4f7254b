import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../../shared/contract/campaigns';
import { call } from '../../api/client';
import { CampaignForm } from '../../components/campaigns/CampaignForm';
import { audienceText, offerText } from '../../components/campaigns/labels';
import { errorText } from '../../components/errorText';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

export const STATUS_COLOURS: Record<Campaign['status'], string> = { draft: 'gray', issued: 'teal', paused: 'orange' };

/** The shop's campaigns, newest first, and the way to a new one. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { navigate, revision } = useApp();
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [segmentNames, setSegmentNames] = useState<Map<string, string>>(new Map());
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('campaigns.list', {}).then(
      (r) => live && setCampaigns(r),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    call('segments.list', { withCounts: false }).then(
      (r) => live && setSegmentNames(new Map(r.map((s) => [s.id, s.name]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [revision, t]);

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('campaigns.title')}</Title>
          <Text c="dimmed">{t('campaigns.hint')}</Text>
        </div>
        {!creating && (
          <Button onClick={() => setCreating(true)} data-testid="new-campaign">
            {t('campaigns.new')}
          </Button>
        )}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {creating && <CampaignForm onCancel={() => setCreating(false)} />}
      {campaigns && campaigns.length === 0 && !creating && <Text c="dimmed">{t('campaigns.empty')}</Text>}
      {campaigns && campaigns.length > 0 && (
        <Paper withBorder radius="md">
          <Table highlightOnHover verticalSpacing="sm" data-testid="campaign-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.name')}</Table.Th>
                <Table.Th>{t('campaigns.audience')}</Table.Th>
                <Table.Th>{t('campaigns.offer')}</Table.Th>
                <Table.Th>{t('campaigns.window')}</Table.Th>
                <Table.Th>{t('campaigns.status')}</Table.Th>
                <Table.Th ta="right">{t('campaigns.coupons')}</Table.Th>
                <Table.Th ta="right">{t('campaigns.redemptions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.map((c) => (
                <Table.Tr
                  key={c.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => navigate({ page: 'campaign', id: c.id })}
                  data-testid="campaign-row"
                >
                  <Table.Td>
                    <Text fw={500}>{c.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    {audienceText(t, c.audience, c.audience.kind === 'segment' ? segmentNames.get(c.audience.segmentId) : undefined)}
                  </Table.Td>
                  <Table.Td>{offerText(t, f, c.offer)}</Table.Td>
                  <Table.Td>{t('campaigns.windowValue', { from: f.day(c.validFrom), to: f.day(c.validTo) })}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[c.status]} variant="light">
                      {t(`campaigns.statusValue.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{f.number(c.coupons)}</Table.Td>
                  <Table.Td ta="right">{f.number(c.redemptions)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
