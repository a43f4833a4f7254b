import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../../shared/contract/reports';
import { useFormat } from '../../../hooks/useFormat';
import { Stat } from '../../Stat';
import { pct } from '../percent';
import { StatGrid } from '../../StatGrid';

/** The period's key figures: revenue, visits, average basket, customers, and the top fifth's share. */
export function KpiRow({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <StatGrid>
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
      <Stat
        boxed
        size="xl"
        label={t('feedback.dashboard')}
        value={data.satisfaction.average === null ? '—' : `${f.number(data.satisfaction.average)} / 5`}
        sub={
          data.satisfaction.count > 0
            ? t('feedback.dashboardSub', { count: data.satisfaction.count, unhappy: data.satisfaction.unhappy })
            : t('feedback.dashboardNone')
        }
        testId="kpi-satisfaction"
      />
    </StatGrid>
  );
}
