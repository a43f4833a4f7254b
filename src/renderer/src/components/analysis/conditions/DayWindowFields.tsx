import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../../shared/contract/segments';
import { ConditionNumber } from './ConditionNumber';
import type { IsBad } from './fieldParts';

// The contract's bounds: a window of 1 to 366 days, starting today or up to 366 days ahead.
const DAYS = { min: 1, max: 366 };
const FROM_DAY = { min: 0, max: 366 };

type Windowed = Extract<RuleCondition, { kind: 'birthday' | 'purchaseAnniversary' }>;

/** "Falls on one of the N days starting in D days from today" (birthday, first-purchase anniversary). */
export function DayWindowFields({ value, onChange, bad }: { value: Windowed; onChange(c: Windowed): void; bad: IsBad }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Text size="sm" c="dimmed">
        {t('rules.windowDays')}
      </Text>
      <ConditionNumber
        w={80}
        rule={DAYS}
        value={value.days}
        onValue={(n) => n !== null && onChange({ ...value, days: n })}
        bad={bad('days')}
        aria-label={t('rules.windowDays')}
        data-testid="window-days"
      />
      <Text size="sm" c="dimmed">
        {t('rules.windowFrom')}
      </Text>
      <ConditionNumber
        w={80}
        rule={FROM_DAY}
        value={value.fromDay}
        onValue={(n) => n !== null && onChange({ ...value, fromDay: n })}
        bad={bad('fromDay')}
        aria-label={t('rules.windowFrom')}
        data-testid="window-from"
      />
      <Text size="sm" c="dimmed">
        {t('rules.windowFromUnit')}
      </Text>
    </Group>
  );
}
