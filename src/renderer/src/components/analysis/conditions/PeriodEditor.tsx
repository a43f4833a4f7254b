import { Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../../../shared/contract/segments';
import { ConditionDate } from './ConditionDate';
import { ConditionNumber } from './ConditionNumber';
import type { IsBad } from './fieldParts';

const DAYS = { min: 1, max: 36_500 };

/** The period a visits or spend condition counts over: the last N days, between two dates, or all time. */
export function PeriodEditor({ value, onChange, bad }: { value: Period; onChange(p: Period): void; bad: IsBad }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        w={150}
        data={(['lastDays', 'between', 'all'] as const).map((k) => ({ value: k, label: t(`rules.period.${k}`) }))}
        value={value.kind}
        allowDeselect={false}
        onChange={(k) => {
          if (k === 'all') onChange({ kind: 'all' });
          else if (k === 'lastDays') onChange({ kind: 'lastDays', days: 90 });
          else if (k === 'between') onChange({ kind: 'between', from: '', to: '' });
        }}
        aria-label={t('rules.periodLabel')}
        data-testid="condition-period"
      />
      {value.kind === 'lastDays' && (
        <ConditionNumber
          w={120}
          rule={DAYS}
          value={value.days}
          onValue={(n) => n !== null && onChange({ kind: 'lastDays', days: n })}
          rightSection={
            <Text size="xs" c="dimmed">
              {t('rules.daysUnit')}
            </Text>
          }
          rightSectionWidth={48}
          bad={bad('period.days')}
          aria-label={t('rules.days')}
          data-testid="period-days"
        />
      )}
      {value.kind === 'between' && (
        <>
          <ConditionDate
            value={value.from}
            onChange={(from) => onChange({ ...value, from })}
            error={bad('period.from')}
            label={t('rules.from')}
          />
          <Text size="sm" c="dimmed">
            –
          </Text>
          <ConditionDate value={value.to} onChange={(to) => onChange({ ...value, to })} error={bad('period.to')} label={t('rules.to')} />
        </>
      )}
    </Group>
  );
}
