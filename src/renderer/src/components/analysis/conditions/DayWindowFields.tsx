import { Group, NumberInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../../shared/contract/segments';
import type { IsBad } from './fieldParts';

type Windowed = Extract<RuleCondition, { kind: 'birthday' | 'purchaseAnniversary' }>;

/** "Falls on one of the N days starting in D days from today" (birthday, first-purchase anniversary). */
export function DayWindowFields({ value, onChange, bad }: { value: Windowed; onChange(c: Windowed): void; bad: IsBad }) {
  const { t } = useTranslation();
  // Half-typed input keeps the last whole number; the backend checks the bounds.
  const whole = (v: number | string, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Text size="sm" c="dimmed">
        {t('rules.windowDays')}
      </Text>
      <NumberInput
        hideControls
        w={80}
        min={1}
        max={366}
        allowDecimal={false}
        value={value.days}
        onChange={(v) => onChange({ ...value, days: whole(v, value.days) })}
        error={bad('days')}
        aria-label={t('rules.windowDays')}
        data-testid="window-days"
      />
      <Text size="sm" c="dimmed">
        {t('rules.windowFrom')}
      </Text>
      <NumberInput
        hideControls
        w={80}
        min={0}
        max={366}
        allowDecimal={false}
        value={value.fromDay}
        onChange={(v) => onChange({ ...value, fromDay: whole(v, value.fromDay) })}
        error={bad('fromDay')}
        aria-label={t('rules.windowFrom')}
        data-testid="window-from"
      />
      <Text size="sm" c="dimmed">
        {t('rules.windowFromUnit')}
      </Text>
    </Group>
  );
}
