import { AreaChart, BarChart, LineChart } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Box,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardBucket, Granularity } from '../../../../shared/contract/reports';
import { minorDigits } from '../../../../shared/money';
import { isValidIsoDate, localDate } from '../../../../shared/time';
import { RFM_COLOURS } from '../../components/analysis/rfmColours';
import { DateField } from '../../components/DateField';
import { Stat } from '../../components/Stat';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

const PRESETS = ['thisMonth', 'lastMonth', 'last30', 'last90', 'thisYear', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

/** Calendar arithmetic on YYYY-MM-DD (no time zone: these are the shop's days already). */
function addDays(ymd: string, n: number): string {
  const d = new Date(ymd + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const monthStart = (yy: number, mm: number): string => new Date(Date.UTC(yy, mm - 1, 1)).toISOString().slice(0, 10);
  switch (preset) {
    case 'thisMonth':
      return { from: monthStart(y, m), to: today };
    case 'lastMonth':
      return { from: monthStart(y, m - 1), to: addDays(monthStart(y, m), -1) };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last90':
      return { from: addDays(today, -89), to: today };
    case 'thisYear':
      return { from: `${y}-01-01`, to: today };
  }
}

const DEFAULT_GRANULARITY: Record<Preset, Granularity> = {
  thisMonth: 'day',
  lastMonth: 'day',
  last30: 'day',
  last90: 'week',
  thisYear: 'month',
  custom: 'day',
};

/** The owner's dashboard for a period of the shop's days. */
export function ReportsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { settings, revision, navigate } = useApp();
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

  const digits = minorDigits(f.currency);
  const axisMoney = (minor: number): string => f.compact(minor / 10 ** digits);
  const bucketLabel = useBucketLabel();

  const series = useMemo(
    () =>
      (data?.buckets ?? []).map((b) => ({
        label: bucketLabel(b, data!.granularity),
        revenue: b.revenue,
        visits: b.visits,
        averageBasket: b.averageBasket,
        newCustomers: b.newCustomers,
        returningCustomers: b.returningCustomers,
      })),
    [data, bucketLabel],
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('nav.reports')}</Title>
        <Group gap="sm" align="flex-end">
          <Select
            label={t('reports.period')}
            w={190}
            data={PRESETS.map((p) => ({ value: p, label: t(`reports.preset.${p}`) }))}
            value={preset}
            allowDeselect={false}
            onChange={(v) => {
              if (!v) return;
              const p = v as Preset;
              if (p === 'custom') setCustom(range);
              setPreset(p);
              setGranularity(DEFAULT_GRANULARITY[p]);
            }}
            data-testid="reports-period"
          />
          {preset === 'custom' && (
            <>
              <DateField
                label={t('reports.from')}
                value={custom.from}
                onChange={(from) => setCustom({ ...custom, from })}
                w={160}
                data-testid="reports-from"
              />
              <DateField
                label={t('reports.to')}
                value={custom.to}
                onChange={(to) => setCustom({ ...custom, to })}
                w={160}
                error={rangeOk ? undefined : t('reports.badRange')}
                data-testid="reports-to"
              />
            </>
          )}
          <SegmentedControl
            value={granularity}
            onChange={(v) => setGranularity(v as Granularity)}
            data={(['day', 'week', 'month'] as const).map((g) => ({ value: g, label: t(`reports.granularity.${g}`) }))}
            data-testid="reports-granularity"
          />
        </Group>
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
            <SimpleGrid cols={{ base: 2, md: 5 }}>
              <Stat boxed size="xl" label={t('reports.revenue')} value={f.money(data.totals.revenue)} testId="kpi-revenue" />
              <Stat boxed size="xl" label={t('reports.visits')} value={f.number(data.totals.visits)} testId="kpi-visits" />
              <Stat boxed size="xl" label={t('reports.averageBasket')} value={f.money(data.totals.averageBasket)} />
              <Stat
                boxed
                size="xl"
                label={t('reports.customers')}
                value={f.number(data.totals.customers)}
                sub={t('reports.newReturning', {
                  new: f.number(data.totals.newCustomers),
                  returning: f.number(data.totals.returningCustomers),
                })}
              />
              <Stat
                boxed
                size="xl"
                label={t('reports.top20')}
                value={data.pareto.customers ? pct(data.pareto.top20Share, f.locale) : '—'}
                sub={
                  data.pareto.customers
                    ? t('reports.top20Sub', { count: data.pareto.topCount, n: f.number(data.pareto.topCount) })
                    : t('reports.noKnown')
                }
                testId="kpi-pareto"
              />
            </SimpleGrid>

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
                    <Panel
                      title={t('reports.revenueChart')}
                      sub={
                        data.totals.walkInRevenue > 0
                          ? t('reports.walkInsIncluded', { amount: f.money(data.totals.walkInRevenue) })
                          : undefined
                      }
                    >
                      <BarChart
                        h={280}
                        data={series}
                        dataKey="label"
                        series={[{ name: 'revenue', label: t('reports.revenue'), color: 'teal.6' }]}
                        valueFormatter={(v) => f.money(v)}
                        yAxisProps={{ tickFormatter: axisMoney, width: 60 }}
                        gridAxis="x"
                        data-testid="chart-revenue"
                      />
                    </Panel>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <Panel title={t('reports.paretoTitle')} sub={t('reports.paretoHint')}>
                      <Group align="baseline" gap="xs" mb={4}>
                        <Text fz={36} fw={700} lh={1} c="teal.7" data-testid="pareto-share">
                          {data.pareto.customers ? pct(data.pareto.top20Share, f.locale) : '—'}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {t('reports.paretoBig', {
                            count: data.pareto.topCount,
                            n: f.number(data.pareto.topCount),
                            total: f.number(data.pareto.customers),
                          })}
                        </Text>
                      </Group>
                      <AreaChart
                        h={190}
                        data={data.pareto.curve.map((p) => ({
                          x: Math.round(p.customerShare * 100),
                          y: Math.round(p.revenueShare * 1000) / 10,
                        }))}
                        dataKey="x"
                        series={[{ name: 'y', label: t('reports.paretoRevenue'), color: 'teal.6' }]}
                        curveType="monotone"
                        withDots={false}
                        unit="%"
                        xAxisProps={{
                          type: 'number',
                          domain: [0, 100],
                          ticks: [0, 20, 50, 80, 100],
                          tickFormatter: (v: number) => `${v}%`,
                        }}
                        yAxisProps={{ domain: [0, 100], ticks: [0, 50, 80, 100], width: 44 }}
                        referenceLines={[{ x: 20, color: 'gray.5', label: '20%', labelPosition: 'insideTopRight' }]}
                        tooltipProps={{ labelFormatter: (v) => t('reports.paretoTooltip', { share: `${String(v)}%` }) }}
                        gridAxis="xy"
                      />
                    </Panel>
                  </Grid.Col>
                </Grid>

                <SimpleGrid cols={{ base: 1, lg: 3 }}>
                  <Panel title={t('reports.visitsChart')}>
                    <BarChart
                      h={200}
                      data={series}
                      dataKey="label"
                      series={[{ name: 'visits', label: t('reports.visits'), color: 'indigo.5' }]}
                      valueFormatter={(v) => f.number(v)}
                      yAxisProps={{ width: 40, allowDecimals: false }}
                      gridAxis="x"
                    />
                  </Panel>
                  <Panel title={t('reports.newVsReturning')}>
                    <BarChart
                      h={200}
                      data={series}
                      dataKey="label"
                      type="stacked"
                      series={[
                        { name: 'newCustomers', label: t('reports.new'), color: 'cyan.5' },
                        { name: 'returningCustomers', label: t('reports.returning'), color: 'teal.7' },
                      ]}
                      withLegend
                      legendProps={{ verticalAlign: 'bottom', height: 30 }}
                      valueFormatter={(v) => f.number(v)}
                      yAxisProps={{ width: 40, allowDecimals: false }}
                      gridAxis="x"
                    />
                  </Panel>
                  <Panel title={t('reports.basketChart')}>
                    <LineChart
                      h={200}
                      data={series.map((s) => ({ ...s, averageBasket: s.visits ? s.averageBasket : null }))}
                      dataKey="label"
                      series={[{ name: 'averageBasket', label: t('reports.averageBasket'), color: 'orange.6' }]}
                      valueFormatter={(v) => f.money(v)}
                      yAxisProps={{ tickFormatter: axisMoney, width: 60 }}
                      curveType="monotone"
                      withDots={false}
                      connectNulls
                      gridAxis="x"
                    />
                  </Panel>
                </SimpleGrid>

                <Grid gap="md">
                  <Grid.Col span={{ base: 12, lg: 5 }}>
                    <Panel
                      title={t('reports.segmentsTitle')}
                      sub={t('reports.segmentsHint', { date: f.day(data.rfm.asOf) })}
                      onClick={() => navigate({ page: 'rfm' })}
                      link={t('reports.openRfm')}
                    >
                      <Stack gap={6} data-testid="reports-segments">
                        {data.rfm.customers === 0 && <Text c="dimmed">{t('reports.noSegments')}</Text>}
                        {data.rfm.customers > 0 &&
                          data.rfm.segments.map((s) => (
                            <Group key={s.segment} gap="xs" wrap="nowrap">
                              <Text size="sm" w={170} truncate>
                                {t(`rfm.segment.${s.segment}`)}
                              </Text>
                              <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 4, height: 14 }}>
                                <Box
                                  bg={`${RFM_COLOURS[s.segment]}.6`}
                                  style={{ width: `${(s.size / data.rfm.customers) * 100}%`, height: '100%', borderRadius: 4 }}
                                />
                              </Box>
                              <Text size="sm" w={48} ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                                {f.number(s.size)}
                              </Text>
                            </Group>
                          ))}
                      </Stack>
                    </Panel>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 7 }}>
                    <Panel title={t('reports.topCustomers')}>
                      {data.topCustomers.length === 0 ? (
                        <Text c="dimmed">{t('reports.noKnown')}</Text>
                      ) : (
                        <Table highlightOnHover verticalSpacing={6} data-testid="top-customers">
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th w={32}>#</Table.Th>
                              <Table.Th>{t('analysis.member.name')}</Table.Th>
                              <Table.Th style={{ textAlign: 'right' }}>{t('reports.visits')}</Table.Th>
                              <Table.Th style={{ textAlign: 'right' }}>{t('reports.revenue')}</Table.Th>
                              <Table.Th style={{ textAlign: 'right' }}>{t('reports.shareOfRevenue')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {data.topCustomers.map((c, i) => (
                              <Table.Tr
                                key={c.id}
                                style={{ cursor: 'pointer' }}
                                onClick={() => navigate({ page: 'customer', id: c.id })}
                                data-testid="top-customer"
                              >
                                <Table.Td c="dimmed">{i + 1}</Table.Td>
                                <Table.Td>
                                  <Text size="sm" fw={500} truncate>
                                    {c.fullName}{' '}
                                    <Text span size="xs" c="dimmed">
                                      {c.code}
                                    </Text>
                                  </Text>
                                </Table.Td>
                                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{f.number(c.visits)}</Table.Td>
                                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{f.money(c.revenue)}</Table.Td>
                                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                                  <Text size="sm" c="dimmed">
                                    {data.totals.revenue ? pct(c.revenue / data.totals.revenue, f.locale) : '—'}
                                  </Text>
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      )}
                    </Panel>
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

function pct(x: number, locale: string): string {
  return x.toLocaleString(locale, { style: 'percent', maximumFractionDigits: x > 0 && x < 0.1 ? 1 : 0 });
}

/** Short axis labels: "Nov 5", "Nov 3–9", "Nov 2025". */
function useBucketLabel() {
  const { locale } = useFormat();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
    const month = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' });
    const d = (ymd: string): Date => new Date(ymd + 'T00:00:00Z');
    return (b: DashboardBucket, g: Granularity): string => {
      if (g === 'day') return day.format(d(b.from));
      if (g === 'month') return month.format(d(b.from));
      return b.from === b.to ? day.format(d(b.from)) : day.formatRange(d(b.from), d(b.to));
    };
  }, [locale]);
}

function Panel({
  title,
  sub,
  children,
  onClick,
  link,
}: {
  title: string;
  sub?: string;
  children: ReactNode;
  onClick?(): void;
  link?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" h="100%">
      <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
        <div>
          <Title order={5}>{title}</Title>
          {sub && (
            <Text size="xs" c="dimmed">
              {sub}
            </Text>
          )}
        </div>
        {onClick && link && (
          <Anchor size="xs" onClick={onClick} style={{ whiteSpace: 'nowrap' }}>
            {link}
          </Anchor>
        )}
      </Group>
      {children}
    </Paper>
  );
}
