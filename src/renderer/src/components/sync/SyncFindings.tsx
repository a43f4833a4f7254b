import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncFinding } from '../../../../shared/contract/sync';
import type { Formats } from '../../hooks/formats';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** One finding in words; a kind this version has no words for still shows, by its name. */
function findingText(t: TFunction, f: Formats, x: SyncFinding): string {
  const detail = Object.fromEntries(Object.entries(x.detail).map(([k, v]) => [k, typeof v === 'number' ? f.number(v) : v]));
  return t(`syncFindings.kinds.${x.kind}`, {
    ...detail,
    code: x.coupon?.code ?? '',
    campaign: x.coupon?.campaignName ?? '',
    name: x.customer ? x.customer.name || x.customer.code : '',
    kind: x.kind,
    defaultValue: t('syncFindings.kinds.other', { kind: x.kind }),
  });
}

/**
 * "Found while syncing" on the Sync page (issue 18): what offline tills could not prevent, the same
 * list on every till once all have synced, each with a way to the customer or the coupon's campaign.
 * `version` changes after each sync, so the list is read again.
 */
export function SyncFindings({ version }: { version: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  const { data, error } = useApiQuery('sync.findings', { limit: 100 }, version, 0);
  const tillList = (x: SyncFinding): string =>
    [...x.tills]
      .sort((a, b) => (a.tag ?? Infinity) - (b.tag ?? Infinity))
      .map((k) => (k.tag === null ? t('sync.unknownTill') : t('sync.till', { tag: k.tag })))
      .join(t('sync.listSeparator'));
  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-findings">
      <Stack gap="xs">
        <Title order={4}>{t('syncFindings.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('syncFindings.explain')}
        </Text>
        {error && <Alert color="red">{error}</Alert>}
        {data && data.items.length === 0 && (
          <Text size="sm" c="green" data-testid="sync-findings-none">
            {t('syncFindings.none')}
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
                <Table.Tr key={`${x.kind}-${x.coupon?.id ?? x.customer?.id ?? x.at}`} data-testid="sync-finding" data-kind={x.kind}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(x.at)}</Table.Td>
                  <Table.Td>{findingText(t, f, x)}</Table.Td>
                  <Table.Td>{tillList(x)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
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
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data && data.total > data.items.length && (
          <Text size="sm" c="dimmed">
            {t('syncFindings.more', { shown: f.number(data.items.length), total: f.number(data.total) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
