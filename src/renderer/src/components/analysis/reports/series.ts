import { useMemo } from 'react';
import type { Dashboard } from '../../../../../shared/contract/reports';
import { minorDigits } from '../../../../../shared/money';
import { useFormat } from '../../../hooks/useFormat';
import { useBucketLabel } from './bucketLabel';

/** One point per bucket of the period, as the charts plot them. */
export interface SeriesPoint {
  label: string;
  revenue: number;
  visits: number;
  averageBasket: number;
  newCustomers: number;
  returningCustomers: number;
}

export function useSeries(data: Dashboard | null): SeriesPoint[] {
  const bucketLabel = useBucketLabel();
  return useMemo(
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
}

/** Money on a chart's axis, short ("1.4M"), from minor units. */
export function useAxisMoney(): (minor: number) => string {
  const f = useFormat();
  const digits = minorDigits(f.currency);
  return (minor) => f.compact(minor / 10 ** digits);
}
