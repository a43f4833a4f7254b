import { useMemo } from 'react';
import type { DashboardBucket, Granularity } from '../../../../../shared/contract/reports';
import { useFormat } from '../../../hooks/useFormat';

/** Short axis labels: "Nov 5", "Nov 3–9", "Nov 2025". */
export function useBucketLabel() {
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
