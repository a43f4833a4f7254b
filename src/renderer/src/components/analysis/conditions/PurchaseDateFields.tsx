import { Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../../shared/contract/segments';
import { ConditionDate } from './ConditionDate';
import { ConditionNumber } from './ConditionNumber';
import type { IsBad } from './fieldParts';

const DAYS = { min: 1, max: 36_500 };

type PurchaseDate = Extract<RuleCondition, { kind: 'firstPurchase' | 'lastPurchase' }>;

/** First or last purchase: within / not within N days, or before / after a date. */
export function PurchaseDateFields({ value, onChange, bad }: { value: PurchaseDate; onChange(c: PurchaseDate): void; bad: IsBad }) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        w={190}
        data={(['withinDays', 'notWithinDays', 'before', 'after'] as const).map((op) => ({
          value: op,
          label: t(`rules.purchaseOp.${op}`),
        }))}
        value={value.op}
        allowDeselect={false}
        onChange={(op) => op && onChange({ ...value, op: op as typeof value.op })}
        aria-label={t('rules.purchaseOpLabel')}
        data-testid="condition-op"
      />
      {value.op === 'before' || value.op === 'after' ? (
        <ConditionDate
          value={value.date ?? ''}
          onChange={(date) => onChange({ ...value, date: date || null })}
          error={bad('date') || (bad('') && !value.date)}
          label={t('rules.date')}
        />
      ) : (
        <ConditionNumber
          w={130}
          rule={DAYS}
          // Emptied, the days are missing and the backend names the condition; nothing is assumed.
          optional
          value={value.days}
          onValue={(n) => onChange({ ...value, days: n })}
          rightSection={
            <Text size="xs" c="dimmed">
              {t('rules.daysUnit')}
            </Text>
          }
          rightSectionWidth={48}
          bad={bad('days') || (bad('') && value.days == null)}
          aria-label={t('rules.days')}
          data-testid="condition-days"
        />
      )}
    </>
  );
}
