import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../../shared/contract/reports';
import { useFormat } from '../../../hooks/useFormat';
import { useApp } from '../../../stores/app';
import { RFM_COLOURS } from '../rfmColours';
import { Panel } from './Panel';

/** How many customers each RFM segment holds today, as bars; opens the RFM page. */
export function SegmentBars({ rfm }: { rfm: Dashboard['rfm'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  return (
    <Panel
      title={t('reports.segmentsTitle')}
      sub={t('reports.segmentsHint', { date: f.day(rfm.asOf) })}
      onClick={() => navigate({ page: 'rfm' })}
      link={t('reports.openRfm')}
    >
      <Stack gap={6} data-testid="reports-segments">
        {rfm.customers === 0 && <Text c="dimmed">{t('reports.noSegments')}</Text>}
        {rfm.customers > 0 &&
          rfm.segments.map((s) => (
            <Group key={s.segment} gap="xs" wrap="nowrap">
              <Text size="sm" w={170} truncate>
                {t(`rfm.segment.${s.segment}`)}
              </Text>
              <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 4, height: 14 }}>
                <Box
                  bg={`${RFM_COLOURS[s.segment]}.6`}
                  style={{ width: `${(s.size / rfm.customers) * 100}%`, height: '100%', borderRadius: 4 }}
                />
              </Box>
              <Text size="sm" w={48} ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {f.number(s.size)}
              </Text>
            </Group>
          ))}
      </Stack>
    </Panel>
  );
}
