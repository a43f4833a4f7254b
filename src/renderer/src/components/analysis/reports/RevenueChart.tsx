import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../hooks/useFormat';
import { Panel } from './Panel';
import { useAxisMoney, type SeriesPoint } from './series';

/** Revenue per bucket; the hint says how much of it came from walk-ins. */
export function RevenueChart({ series, walkInRevenue }: { series: SeriesPoint[]; walkInRevenue: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const axisMoney = useAxisMoney();
  return (
    <Panel
      title={t('reports.revenueChart')}
      sub={walkInRevenue > 0 ? t('reports.walkInsIncluded', { amount: f.money(walkInRevenue) }) : undefined}
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
  );
}
