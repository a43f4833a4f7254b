import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign, CampaignCoupon, CampaignResults } from '../../../../shared/contract/campaigns';
import { formatCouponCode } from '../../../../shared/couponCode';
import { call } from '../../api/client';
import { PagedList, type Column } from '../../components/analysis/PagedList';
import { audienceText, offerText } from '../../components/campaigns/labels';
import { PrintCoupons } from '../../components/campaigns/PrintCoupons';
import { errorText } from '../../components/errorText';
import { ExportMailingList } from '../../components/exports/ExportMailingList';
import { Stat } from '../../components/Stat';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { CampaignResultsCard } from './CampaignResultsCard';
import { STATUS_COLOURS } from './CampaignsPage';

/** One campaign: what it offers to whom, issuing it, pausing it, its results and its coupons. */
export function CampaignPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { navigate, revision, touch } = useApp();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [results, setResults] = useState<CampaignResults | null>(null);
  const [segmentName, setSegmentName] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    call('campaigns.get', { id }).then(
      (c) => {
        if (!live) return;
        setCampaign(c);
        if (c.audience.kind === 'segment') {
          const segmentId = c.audience.segmentId;
          void call('segments.list', { withCounts: false }).then(
            (all) => live && setSegmentName(all.find((s) => s.id === segmentId)?.name),
          );
        }
        if (c.status !== 'draft') void call('campaigns.results', { id }).then((r) => live && setResults(r));
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, revision, t]);

  async function act(run: () => Promise<Campaign>): Promise<void> {
    setBusy(true);
    try {
      setCampaign(await run());
      setError(null);
      touch();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const load = useCallback((offset: number, limit: number) => call('campaigns.coupons', { id, offset, limit }), [id]);
  const columns: Column<CampaignCoupon>[] = [
    {
      key: 'customer',
      label: t('campaigns.customer'),
      width: '2fr',
      render: (c) => (c.customerName ? `${c.customerName} · ${c.customerCode}` : '—'),
    },
    { key: 'phone', label: t('campaigns.phone'), width: '1fr', render: (c) => c.phone ?? '' },
    {
      key: 'code',
      label: t('campaigns.code'),
      width: '1fr',
      render: (c) => <span data-testid="coupon-code">{formatCouponCode(c.code)}</span>,
    },
    {
      key: 'state',
      label: t('campaigns.state'),
      width: '1fr',
      render: (c) =>
        c.usageLimit > 1
          ? `${t(`campaigns.stateValue.${c.state}`)} (${c.usedCount}/${c.usageLimit})`
          : t(`campaigns.stateValue.${c.state}`),
    },
  ];

  if (error && !campaign) return <Alert color="red">{error}</Alert>;
  if (!campaign) return null;
  return (
    <Stack gap="lg">
      <Anchor component="button" onClick={() => navigate({ page: 'campaigns' })} size="sm" style={{ alignSelf: 'flex-start' }}>
        ← {t('campaigns.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2} data-testid="campaign-name">
              {campaign.name}
            </Title>
            <Badge color={STATUS_COLOURS[campaign.status]} variant="light" data-testid="campaign-status">
              {t(`campaigns.statusValue.${campaign.status}`)}
            </Badge>
          </Group>
          <Text c="dimmed">
            {audienceText(t, campaign.audience, segmentName)} · {offerText(t, f, campaign.offer)}
            {campaign.minPurchase > 0 ? ` · ${t('campaigns.minPurchaseValue', { amount: f.money(campaign.minPurchase) })}` : ''} ·{' '}
            {t('campaigns.windowValue', { from: f.day(campaign.validFrom), to: f.day(campaign.validTo) })}
          </Text>
        </div>
        <Group>
          {campaign.status === 'draft' && (
            <Button loading={busy} onClick={() => void act(() => call('campaigns.issue', { id }))} data-testid="issue-campaign">
              {t('campaigns.issue')}
            </Button>
          )}
          {campaign.status !== 'draft' && <PrintCoupons campaign={campaign} onError={setError} />}
          {campaign.status !== 'draft' && !campaign.sharedCode && <ExportMailingList selection={{ kind: 'campaign', campaignId: id }} />}
          {campaign.status !== 'draft' && (
            <Button
              variant="default"
              loading={busy}
              onClick={() => void act(() => call('campaigns.setPaused', { id, paused: campaign.status === 'issued' }))}
              data-testid="pause-campaign"
            >
              {campaign.status === 'issued' ? t('campaigns.pause') : t('campaigns.resume')}
            </Button>
          )}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {campaign.status === 'draft' && <Text c="dimmed">{t('campaigns.issueHint')}</Text>}
      {campaign.status !== 'draft' && (
        <Paper withBorder p="md" radius="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat label={t('campaigns.members')} value={f.number(campaign.members)} testId="campaign-members" />
            <Stat label={t('campaigns.heldOut')} value={f.number(campaign.heldOut)} testId="campaign-held-out" />
            <Stat label={t('campaigns.coupons')} value={f.number(campaign.coupons)} testId="campaign-coupons" />
            {campaign.sharedCode && (
              <Stat label={t('campaigns.sharedCode')} value={formatCouponCode(campaign.sharedCode)} testId="campaign-shared-code" />
            )}
          </SimpleGrid>
        </Paper>
      )}
      {results && <CampaignResultsCard results={results} />}
      {campaign.status !== 'draft' && (
        <Stack gap="xs">
          <Title order={4}>{t('campaigns.couponList')}</Title>
          <PagedList
            columns={columns}
            load={load}
            reloadKey={`${id}:${revision}:${campaign.status}`}
            rowKey={(c) => c.id}
            height={420}
            empty={<Text c="dimmed">—</Text>}
            testId="coupon-list"
            rowTestId="coupon-row"
          />
        </Stack>
      )}
    </Stack>
  );
}
