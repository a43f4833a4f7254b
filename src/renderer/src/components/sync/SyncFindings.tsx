import { Alert, Badge, Button, Group, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncFinding, WithdrawnCoupons } from '../../../../shared/contract/sync';
import { call } from '../../api/client';
import { errorText } from '../errorText';
import type { Formats } from '../../hooks/formats';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { WithdrawLaterCoupons } from './WithdrawLaterCoupons';

/** One finding in words; a kind this version has no words for still shows, by its name. */
function findingText(t: TFunction, f: Formats, x: SyncFinding): string {
  const detail = Object.fromEntries(Object.entries(x.detail).map(([k, v]) => [k, typeof v === 'number' ? f.number(v) : v]));
  return t(`syncFindings.kinds.${x.kind}`, {
    ...detail,
    code: x.coupon?.code ?? '',
    campaign: x.coupon?.campaignName ?? x.campaign?.name ?? '',
    name: x.customer ? x.customer.name || x.customer.code : '',
    kind: x.kind,
    defaultValue: t('syncFindings.kinds.other', { kind: x.kind }),
  });
}

/**
 * "Found while syncing" on the Sync page (issue 18): what offline tills could not prevent, the same
 * list on every till once all have synced, each with a way to the customer or the coupon's campaign.
 * Unseen first; the owner marks one seen (this till only) and it waits behind "Show the ones marked
 * seen". `version` changes after each sync, so the list is read again; `onUnseen` tells the page's title.
 */
export function SyncFindings({ version, onUnseen }: { version: string; onUnseen?: (n: number) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  const [withSeen, setWithSeen] = useState(false);
  const [marks, setMarks] = useState(0);
  const [markError, setMarkError] = useState<string | null>(null);
  const [withdrawn, setWithdrawn] = useState<WithdrawnCoupons | null>(null);
  const { data, error } = useApiQuery('sync.findings', { limit: 100, withSeen }, `${version}/${withSeen}/${marks}`, 0);
  useEffect(() => {
    if (data) onUnseen?.(data.unseen);
  }, [data, onUnseen]);
  async function mark(x: SyncFinding): Promise<void> {
    try {
      await call('sync.setFindingSeen', { id: x.id, seen: !x.seen });
      setMarkError(null);
      setMarks((n) => n + 1);
    } catch (e) {
      setMarkError(errorText(t, e));
    }
  }
  function afterWithdraw(r: WithdrawnCoupons | null, e: string | null): void {
    setWithdrawn(r);
    setMarkError(e);
    if (r) setMarks((n) => n + 1);
  }
  const seenCount = data ? data.total - data.unseen : 0;
  const shownOf = data ? (withSeen ? data.total : data.unseen) : 0;
  const tillList = (x: SyncFinding): string =>
    [...x.tills]
      .sort((a, b) => (a.tag ?? Infinity) - (b.tag ?? Infinity))
      .map((k) => (k.tag === null ? t('sync.unknownTill') : t('sync.till', { tag: k.tag })))
      .join(t('sync.listSeparator'));
  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-findings">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Title order={4}>{t('syncFindings.title')}</Title>
            {data && data.unseen > 0 && (
              <Badge color="orange" data-testid="sync-findings-unseen">
                {t('syncFindings.unseen', { count: data.unseen, n: f.number(data.unseen) })}
              </Badge>
            )}
          </Group>
          {data && seenCount > 0 && (
            <Switch
              checked={withSeen}
              onChange={(e) => setWithSeen(e.currentTarget.checked)}
              label={t('syncFindings.showSeen', { count: seenCount, n: f.number(seenCount) })}
              data-testid="sync-findings-show-seen"
            />
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('syncFindings.explain')} {t('syncFindings.seenNote')}
        </Text>
        {error && <Alert color="red">{error}</Alert>}
        {markError && (
          <Alert color="red" data-testid="sync-finding-mark-error">
            {markError}
          </Alert>
        )}
        {withdrawn && (
          <Alert color="green" data-testid="sync-finding-withdrawn" withCloseButton onClose={() => setWithdrawn(null)}>
            {t('syncFindings.withdrawn', { count: withdrawn.withdrawn, n: f.number(withdrawn.withdrawn) })}
            {withdrawn.kept.length > 0 &&
              ' ' +
                t('syncFindings.withdrawKept', {
                  count: withdrawn.kept.length,
                  codes: withdrawn.kept
                    .map((k) => (k.customer ? `${k.code} (${k.customer.name || k.customer.code})` : k.code))
                    .join(t('sync.listSeparator')),
                })}
          </Alert>
        )}
        {data && data.total === 0 && (
          <Text size="sm" c="green" data-testid="sync-findings-none">
            {t('syncFindings.none')}
          </Text>
        )}
        {data && data.total > 0 && data.items.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="sync-findings-all-seen">
            {t('syncFindings.allSeen', { count: seenCount, n: f.number(seenCount) })}
          </Text>
        )}
        {data && data.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('syncFindings.when')}</Table.Th>
                <Table.Th>{t('syncFindings.what')}</Table.Th>
                <Table.Th>{t('syncFindings.tills')}</Table.Th>
                <Table.Th>{t('syncFindings.open')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((x) => (
                <Table.Tr
                  key={x.id}
                  data-testid="sync-finding"
                  data-kind={x.kind}
                  data-seen={x.seen}
                  style={x.seen ? { opacity: 0.65 } : undefined}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(x.at)}</Table.Td>
                  <Table.Td>{findingText(t, f, x)}</Table.Td>
                  <Table.Td>{tillList(x)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      {x.customer && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => navigate({ page: 'customer', id: x.customer!.id })}
                          data-testid="sync-finding-customer"
                        >
                          {t('syncFindings.openCustomer', { name: x.customer.name || x.customer.code })}
                        </Button>
                      )}
                      {x.campaign && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => navigate({ page: 'campaign', id: x.campaign!.id })}
                          data-testid="sync-finding-campaign"
                        >
                          {t('syncFindings.openCampaign', { name: x.campaign.name })}
                        </Button>
                      )}
                      {x.kind === 'campaign_issued_twice' && x.campaign && (
                        <WithdrawLaterCoupons campaignId={x.campaign.id} count={Number(x.detail.withdraw)} onDone={afterWithdraw} />
                      )}
                      {x.coupon && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => navigate({ page: 'campaign', id: x.coupon!.campaignId })}
                          data-testid="sync-finding-campaign"
                        >
                          {t('syncFindings.openCampaign', { name: x.coupon.campaignName })}
                        </Button>
                      )}
                      <Button
                        size="compact-sm"
                        variant={x.seen ? 'subtle' : 'light'}
                        color="gray"
                        onClick={() => void mark(x)}
                        data-testid="sync-finding-seen"
                      >
                        {x.seen ? t('syncFindings.markUnseen') : t('syncFindings.markSeen')}
                      </Button>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data && shownOf > data.items.length && (
          <Text size="sm" c="dimmed">
            {t('syncFindings.more', { shown: f.number(data.items.length), total: f.number(shownOf) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
