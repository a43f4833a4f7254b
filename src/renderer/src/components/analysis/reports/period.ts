/** The dashboard's named periods (this month, last 90 days…) as ranges of the shop's days. */
import type { Granularity } from '../../../../../shared/contract/reports';

export const PRESETS = ['thisMonth', 'lastMonth', 'last30', 'last90', 'thisYear', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

/** Calendar arithmetic on YYYY-MM-DD (no time zone: these are the shop's days already). */
function addDays(ymd: string, n: number): string {
  const d = new Date(ymd + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The shop's days a preset covers, ending today (or at the end of last month). */
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

/** The bucket size that suits each preset, picked when the preset is. */
export const DEFAULT_GRANULARITY: Record<Preset, Granularity> = {
  thisMonth: 'day',
  lastMonth: 'day',
  last30: 'day',
  last90: 'week',
  thisYear: 'month',
  custom: 'day',
};
