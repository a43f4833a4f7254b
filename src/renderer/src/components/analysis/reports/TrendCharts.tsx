import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../hooks/useFormat';
import { Panel } from './Panel';
import { useAxisMoney, type SeriesPoint } from './series';

/** Visits, new against returning customers, and the average basket, per bucket. */
export function TrendCharts({ series }: { series: SeriesPoint[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const axisMoney = useAxisMoney();
  return (
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
          // A line needs two days with sales; a dot shows the lone day too (a new shop, a quiet month).
          dotProps={{ r: 3 }}
          connectNulls
          gridAxis="x"
        />
      </Panel>
    </SimpleGrid>
  );
}
