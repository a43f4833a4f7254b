import { AreaChart } from '@mantine/charts';
import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../../shared/contract/reports';
import { useFormat } from '../../../hooks/useFormat';
import { pct } from '../percent';
import { Panel } from './Panel';

/** The share of revenue that the best fifth of the customers bring, and the curve behind it. */
export function ParetoPanel({ pareto }: { pareto: Dashboard['pareto'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel title={t('reports.paretoTitle')} sub={t('reports.paretoHint')}>
      <Group align="baseline" gap="xs" mb={4}>
        <Text fz={36} fw={700} lh={1} c="teal.7" data-testid="pareto-share">
          {pareto.customers ? pct(pareto.top20Share, f.locale) : '—'}
        </Text>
        <Text size="sm" c="dimmed">
          {t('reports.paretoBig', {
            count: pareto.topCount,
            n: f.number(pareto.topCount),
            total: f.number(pareto.customers),
          })}
        </Text>
      </Group>
      <AreaChart
        h={190}
        data={pareto.curve.map((p) => ({
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
  );
}
