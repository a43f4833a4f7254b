import type { TFunction } from 'i18next';
import { Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RfmMethod } from '../../../../shared/rfm';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { RFM_COLOURS } from './rfmColours';

/**
 * Why a customer is in their RFM segment: their recency, frequency and spend, each score and the
 * band of values that gives it. Scored as of today over all history (as on the RFM page by default).
 */
export function CustomerRfm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const revision = useApp((s) => s.revision);
  const { data, error, loaded } = useApiQuery('rfm.customer', { customerId }, `${customerId}|${revision}`, 0);

  return (
    <Card withBorder radius="md" data-testid="customer-rfm">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('rfm.card.title')}</Title>
        {data && (
          <Badge color={RFM_COLOURS[data.segment]} variant="light" size="lg" data-testid="customer-rfm-segment">
            {t(`rfm.segment.${data.segment}`)}
          </Badge>
        )}
      </Group>
      {error ? (
        <Text c="red" size="sm">
          {error}
        </Text>
      ) : !loaded ? (
        <Loader size="sm" />
      ) : data === null ? (
        <Text c="dimmed" size="sm">
          {t('rfm.card.notScored')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t(`rfm.describe.${data.segment}`)}
          </Text>
          <Metric
            letter="R"
            score={data.r}
            what={t('rfm.card.recency', { count: data.recencyDays, n: f.number(data.recencyDays), date: f.date(data.lastPurchaseAt) })}
            band={band(t, data.methods.recency, data.edges.recency, data.r, true, data.customers, (v) =>
              t('rfm.card.days', { count: v, n: f.number(v) }),
            )}
          />
          <Metric
            letter="F"
            score={data.f}
            what={t('rfm.card.frequency', { count: data.frequency, n: f.number(data.frequency) })}
            band={band(t, data.methods.frequency, data.edges.frequency, data.f, false, data.customers, (v) => f.number(v))}
          />
          <Metric
            letter="M"
            score={data.m}
            what={t('rfm.card.monetary', { amount: f.money(data.monetary) })}
            band={band(t, data.methods.monetary, data.edges.monetary, data.m, false, data.customers, (v) => f.money(v))}
          />
          <Text size="xs" c="dimmed">
            {t('rfm.card.footer', { n: f.number(data.customers), date: f.day(data.asOf) })}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function Metric({ letter, score, what, band }: { letter: string; score: number; what: string; band: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Badge
        variant="filled"
        color="teal"
        radius="sm"
        size="lg"
        miw={56}
        style={{ flex: 'none', overflow: 'visible' }}
        data-testid={`rfm-score-${letter.toLowerCase()}`}
      >
        {letter} {score}
      </Badge>
      <div>
        <Text size="sm" fw={500}>
          {what}
        </Text>
        <Text size="xs" c="dimmed">
          {band}
        </Text>
      </div>
    </Group>
  );
}

/**
 * The band of values that gives this score. Bins are right-closed (lo, hi] with the lowest edge
 * included; values are whole numbers, so flooring both edges keeps the sentence exact.
 */
function band(
  t: TFunction,
  method: RfmMethod,
  edges: number[],
  score: number,
  reverse: boolean,
  customers: number,
  fmt: (v: number) => string,
): string {
  const fifth = t(`rfm.card.fifth${score}`, { n: customers });
  if (method === 'constant' || edges.length < 6) return t('rfm.card.constant');
  if (method === 'rank') return t('rfm.card.rank', { score, fifth });
  const bin = reverse ? 5 - score : score - 1;
  const lo = Math.floor(edges[bin]!);
  const hi = Math.floor(edges[bin + 1]!);
  const range = bin === 0 ? t('rfm.card.upTo', { hi: fmt(hi) }) : t('rfm.card.between', { lo: fmt(lo), hi: fmt(hi) });
  return t('rfm.card.band', { score, fifth, range });
}
