import { Alert, Box, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmSegment } from '../../../../shared/rfm';
import { isValidIsoDate, localDate } from '../../../../shared/time';
import { HeatMap } from '../../components/analysis/rfm/HeatMap';
import { SegmentMembers } from '../../components/analysis/rfm/SegmentMembers';
import { SegmentTable } from '../../components/analysis/rfm/SegmentTable';
import { DateField } from '../../components/DateField';
import { Stat } from '../../components/Stat';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { StatGrid } from '../../components/StatGrid';

/** RFM: who the regulars are and who is slipping away, as of a day, over a window of history. */
export function RfmPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { settings, revision, navigate } = useApp();
  const today = localDate(new Date(), settings?.timeZone ?? 'UTC');
  const [asOf, setAsOf] = useState(today);
  const [windowFrom, setWindowFrom] = useState('');
  const [selected, setSelected] = useState<RfmSegment | null>(null);

  const inputOk = isValidIsoDate(asOf) && (windowFrom === '' || (isValidIsoDate(windowFrom) && windowFrom <= asOf));
  const query = useMemo(() => ({ asOf, windowFrom: windowFrom || null }), [asOf, windowFrom]);

  const { data: summary, busy, error } = useApiQuery('rfm.compute', inputOk ? query : null, `${asOf}|${windowFrom}|${revision}`, 200);

  const maxCell = summary ? Math.max(1, ...summary.grid.flat()) : 1;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('rfm.title')}</Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('rfm.hint')}
          </Text>
        </div>
        <Group gap="sm" align="flex-end">
          <DateField label={t('rfm.asOf')} value={asOf} onChange={setAsOf} w={160} data-testid="rfm-as-of" />
          <DateField
            label={t('rfm.windowFrom')}
            value={windowFrom}
            onChange={setWindowFrom}
            w={160}
            error={windowFrom && windowFrom > asOf ? t('rfm.windowAfterAsOf') : undefined}
            data-testid="rfm-window-from"
          />
          {windowFrom && (
            <Button variant="subtle" size="sm" onClick={() => setWindowFrom('')}>
              {t('rfm.allHistory')}
            </Button>
          )}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}

      {!summary ? (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      ) : summary.customers === 0 ? (
        <Paper withBorder radius="md" p="xl" data-testid="rfm-empty">
          <Text ta="center" c="dimmed">
            {t('rfm.empty')}
          </Text>
        </Paper>
      ) : (
        <Box style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <Stack gap="md">
            <StatGrid>
              <Stat boxed size="xl" label={t('rfm.scored')} value={f.number(summary.customers)} testId="rfm-customers" />
              <Stat boxed size="xl" label={t('rfm.revenue')} value={f.money(summary.revenue)} />
              <Stat boxed size="xl" label={t('rfm.asOfLabel')} value={f.day(summary.asOf)} />
              <Stat
                boxed
                size="xl"
                label={t('rfm.window')}
                value={summary.windowFrom ? t('rfm.since', { date: f.day(summary.windowFrom) }) : t('rfm.allHistory')}
                extra={busy ? <Loader size={14} /> : null}
              />
            </StatGrid>

            <Grid gap="md" align="stretch">
              <Grid.Col span={{ base: 12, xl: 8 }}>
                <SegmentTable summary={summary} selected={selected} onPick={setSelected} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, xl: 4 }}>
                <Paper withBorder radius="md" p="md" h="100%">
                  <Title order={4}>{t('rfm.heatTitle')}</Title>
                  <Text size="xs" c="dimmed" mb="sm">
                    {t('rfm.heatHint')}
                  </Text>
                  <HeatMap grid={summary.grid} max={maxCell} selected={selected} onPick={setSelected} />
                </Paper>
              </Grid.Col>
            </Grid>

            {selected && (
              <SegmentMembers
                segment={selected}
                query={query}
                onOpen={(id) => navigate({ page: 'customer', id })}
                revision={revision}
                exportable={asOf === today && !windowFrom}
              />
            )}
            {!selected && (
              <Text size="sm" c="dimmed" ta="center">
                {t('rfm.pickSegment')}
              </Text>
            )}
          </Stack>
        </Box>
      )}
    </Stack>
  );
}
