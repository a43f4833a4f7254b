import { Group, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Granularity } from '../../../../../shared/contract/reports';
import { DateField } from '../../DateField';
import { DEFAULT_GRANULARITY, PRESETS, type Preset } from './period';

interface Props {
  preset: Preset;
  /** The dates shown, so that switching to "custom" starts from them. */
  range: { from: string; to: string };
  custom: { from: string; to: string };
  rangeOk: boolean;
  granularity: Granularity;
  onPreset(p: Preset, granularity: Granularity, custom?: { from: string; to: string }): void;
  onCustom(c: { from: string; to: string }): void;
  onGranularity(g: Granularity): void;
}

/** The dashboard's period (a preset or two dates) and its bucket size. */
export function PeriodControls({ preset, range, custom, rangeOk, granularity, onPreset, onCustom, onGranularity }: Props) {
  const { t } = useTranslation();
  return (
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
          onPreset(p, DEFAULT_GRANULARITY[p], p === 'custom' ? range : undefined);
        }}
        data-testid="reports-period"
      />
      {preset === 'custom' && (
        <>
          <DateField
            label={t('reports.from')}
            value={custom.from}
            onChange={(from) => onCustom({ ...custom, from })}
            w={160}
            data-testid="reports-from"
          />
          <DateField
            label={t('reports.to')}
            value={custom.to}
            onChange={(to) => onCustom({ ...custom, to })}
            w={160}
            error={rangeOk ? undefined : t('reports.badRange')}
            data-testid="reports-to"
          />
        </>
      )}
      <SegmentedControl
        value={granularity}
        onChange={(v) => onGranularity(v as Granularity)}
        data={(['day', 'week', 'month'] as const).map((g) => ({ value: g, label: t(`reports.granularity.${g}`) }))}
        data-testid="reports-granularity"
      />
    </Group>
  );
}
