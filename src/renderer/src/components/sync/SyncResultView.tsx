import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncCounts, SyncDuplicatePair, SyncResult } from '../../../../shared/contract/sync';
import type { Formats } from '../../hooks/formats';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { HubProblemText } from './HubProblemText';

const KINDS = ['customers', 'cards', 'sales', 'voids', 'points', 'campaigns', 'coupons', 'segments', 'settings'] as const;

/** "2 customers, 1 purchase": only what there was. */
export function countsText(t: TFunction, f: Formats, c: SyncCounts): string {
  const parts = KINDS.filter((k) => (c[k] ?? 0) > 0).map((k) => t(`sync.counts.${k}`, { count: c[k], n: f.number(c[k]!) }));
  return parts.length === 0 ? t('sync.counts.none') : parts.join(t('sync.listSeparator'));
}

const till = (t: TFunction, tag: number | null): string => (tag === null ? t('sync.unknownTill') : t('sync.till', { tag }));

/** The last sync in words: what went out, what came in, what was refused and why, what waits. */
export function SyncResultView({ result }: { result: SyncResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const clean = result.failed === null && result.refused.length === 0;
  return (
    <Stack gap="xs" data-testid="sync-result">
      <Text fw={600}>{t('sync.lastAt', { when: f.dateTime(result.at) })}</Text>
      {result.failed !== null && (
        <Alert color="red" data-testid="sync-failed">
          {result.hubProblem ? <HubProblemText problem={result.hubProblem} /> : t(result.via === 'hub' ? 'syncHub.failed' : 'sync.failed')}
        </Alert>
      )}
      {result.failed === null && (
        <List spacing={4}>
          <List.Item data-testid="sync-sent">
            {result.exported ? t('sync.sent', { counts: countsText(t, f, result.exported) }) : t('sync.sentNothing')}
          </List.Item>
          {result.applied.length === 0 ? (
            <List.Item data-testid="sync-received">{t('sync.receivedNothing')}</List.Item>
          ) : (
            result.applied.map((a) => (
              <List.Item key={`${a.install}-${a.seq}`} data-testid="sync-received">
                {t('sync.received', { till: till(t, a.tag), counts: countsText(t, f, a) })}
              </List.Item>
            ))
          )}
          {result.waiting.map((w) => (
            <List.Item key={`w-${w.install}`} data-testid="sync-waiting">
              {t('sync.waiting', { till: till(t, w.tag), seq: w.seq })}
            </List.Item>
          ))}
        </List>
      )}
      {result.refused.map((r) => (
        <Alert key={`r-${r.install}-${r.seq}`} color="orange" data-testid="sync-refused">
          {t('sync.refused', { till: till(t, r.tag), seq: r.seq, why: t(`sync.why.${r.kind}`, { defaultValue: t('sync.why.other') }) })}
        </Alert>
      ))}
      {result.duplicates && result.duplicates.length > 0 && <SyncDuplicates pairs={result.duplicates} />}
      {clean && result.waiting.length === 0 && (
        <Text size="sm" c="green" data-testid="sync-ok">
          {t('sync.allDone')}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Customers the received files brought in beside another with the same phone or email: perhaps one
 * person entered at two tills before they synced. Both are kept; the customer page merges them. A
 * pair leaves the list once merged.
 */
function SyncDuplicates({ pairs }: { pairs: SyncDuplicatePair[] }) {
  const { t } = useTranslation();
  const navigate = useApp((s) => s.navigate);
  const who = (c: SyncDuplicatePair['customer']) => (c.name ? `${c.name} (${c.code})` : c.code);
  return (
    <Alert color="yellow" title={t('sync.duplicates.title')} data-testid="sync-duplicates">
      <Stack gap={6}>
        <Text size="sm">{t('sync.duplicates.explain')}</Text>
        {pairs.map((p) => (
          <Group key={`${p.customer.id}-${p.other.id}`} gap="xs" wrap="wrap" data-testid="sync-duplicate">
            <Text size="sm">{t(`sync.duplicates.${p.matchedOn}`, { a: who(p.customer), b: who(p.other) })}</Text>
            <Button size="compact-sm" variant="light" onClick={() => navigate({ page: 'customer', id: p.customer.id })}>
              {t('sync.duplicates.open', { name: who(p.customer) })}
            </Button>
            <Button size="compact-sm" variant="light" onClick={() => navigate({ page: 'customer', id: p.other.id })}>
              {t('sync.duplicates.open', { name: who(p.other) })}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
