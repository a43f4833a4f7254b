import { Box, Group, Paper, Progress, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RfmSummary } from '../../../../../shared/contract/segments';
import type { RfmSegment } from '../../../../../shared/rfm';
import { useFormat } from '../../../hooks/useFormat';
import { pct } from '../percent';
import { RFM_COLOURS } from '../rfmColours';

/** Each RFM segment's size, share of revenue and mean recency, frequency and spend; a row picks the segment. */
export function SegmentTable({
  summary,
  selected,
  onPick,
}: {
  summary: RfmSummary;
  selected: RfmSegment | null;
  onPick(s: RfmSegment): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder radius="md" p="md" h="100%">
      <Title order={4} mb="xs">
        {t('rfm.segments')}
      </Title>
      <Table highlightOnHover verticalSpacing={6} data-testid="rfm-segments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('rfm.segment.label')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('rfm.customers')}</Table.Th>
            <Table.Th style={{ width: 170 }}>{t('rfm.revenueShare')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanRecency')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanFrequency')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanMonetary')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summary.segments.map((s) => (
            <Table.Tr
              key={s.segment}
              onClick={() => onPick(s.segment)}
              style={{ cursor: 'pointer', opacity: s.size === 0 ? 0.5 : 1 }}
              bg={selected === s.segment ? 'teal.0' : undefined}
              data-testid={`rfm-segment-${s.segment}`}
            >
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <Box w={10} h={10} style={{ borderRadius: 5, flex: 'none' }} bg={`${RFM_COLOURS[s.segment]}.6`} />
                  <Text size="sm" fw={500}>
                    {t(`rfm.segment.${s.segment}`)}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm" span fw={600} data-testid="rfm-segment-size">
                  {f.number(s.size)}
                </Text>
                <Text size="xs" c="dimmed" span>
                  {' '}
                  {pct(s.size / summary.customers, f.locale)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Progress value={s.revenueShare * 100} color={RFM_COLOURS[s.segment]} size="sm" style={{ flex: 1 }} />
                  <Text size="xs" w={44} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {pct(s.revenueShare, f.locale)}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm">{s.size ? t('rfm.daysValue', { days: f.number(Math.round(s.meanRecencyDays)) }) : '—'}</Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm">{s.size ? s.meanFrequency.toLocaleString(f.locale, { maximumFractionDigits: 1 }) : '—'}</Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm">{s.size ? f.money(Math.round(s.meanMonetary)) : '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
