import { Alert, Box, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Granularity } from '../../../../shared/contract/reports';
import { isValidIsoDate, localDate } from '../../../../shared/time';
import { KpiRow } from '../../components/analysis/reports/KpiRow';
import { ParetoPanel } from '../../components/analysis/reports/ParetoPanel';
import { presetRange, type Preset } from '../../components/analysis/reports/period';
import { PeriodControls } from '../../components/analysis/reports/PeriodControls';
import { RevenueChart } from '../../components/analysis/reports/RevenueChart';
import { SegmentBars } from '../../components/analysis/reports/SegmentBars';
import { useSeries } from '../../components/analysis/reports/series';
import { TopCustomers } from '../../components/analysis/reports/TopCustomers';
import { TrendCharts } from '../../components/analysis/reports/TrendCharts';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** The owner's dashboard for a period of the shop's days. */
export function ReportsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { settings, revision } = useApp();
  const today = localDate(new Date(), settings?.timeZone ?? 'UTC');
  const [preset, setPreset] = useState<Preset>('thisMonth');
  const [custom, setCustom] = useState(() => presetRange('thisMonth', today));
  const [granularity, setGranularity] = useState<Granularity>('day');

  const range = preset === 'custom' ? custom : presetRange(preset, today);
  const rangeOk = isValidIsoDate(range.from) && isValidIsoDate(range.to) && range.from <= range.to;
  const key = `${range.from}|${range.to}|${granularity}|${revision}`;

  const { data, busy, error } = useApiQuery(
    'reports.dashboard',
    rangeOk ? { from: range.from, to: range.to, granularity, top: 10 } : null,
    key,
  );
  const series = useSeries(data);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('nav.reports')}</Title>
        <PeriodControls
          preset={preset}
          range={range}
          custom={custom}
          rangeOk={rangeOk}
          granularity={granularity}
          onPreset={(p, g, startCustom) => {
            if (startCustom) setCustom(startCustom);
            setPreset(p);
            setGranularity(g);
          }}
          onCustom={setCustom}
          onGranularity={setGranularity}
        />
      </Group>
      <Group gap="xs">
        <Text size="sm" c="dimmed" data-testid="reports-range">
          {t('reports.range', { from: f.day(range.from), to: f.day(range.to) })}
        </Text>
        {busy && <Loader size={14} data-testid="reports-busy" />}
      </Group>
      {error && <Alert color="red">{error}</Alert>}

      {!data ? (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      ) : (
        <Box style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <Stack gap="md">
            <KpiRow data={data} />

            {data.totals.visits === 0 ? (
              <Paper withBorder radius="md" p="xl" data-testid="reports-empty">
                <Text ta="center" c="dimmed">
                  {t('reports.empty')}
                </Text>
              </Paper>
            ) : (
              <>
                <Grid gap="md">
                  <Grid.Col span={{ base: 12, lg: 8 }}>
                    <RevenueChart series={series} walkInRevenue={data.totals.walkInRevenue} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <ParetoPanel pareto={data.pareto} />
                  </Grid.Col>
                </Grid>

                <TrendCharts series={series} />

                <Grid gap="md">
                  <Grid.Col span={{ base: 12, lg: 5 }}>
                    <SegmentBars rfm={data.rfm} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 7 }}>
                    <TopCustomers customers={data.topCustomers} revenue={data.totals.revenue} />
                  </Grid.Col>
                </Grid>
              </>
            )}
          </Stack>
        </Box>
      )}
    </Stack>
  );
}
