import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NumberRule } from '../../numberText';
import { ConditionNumber } from './ConditionNumber';
import type { IsBad } from './fieldParts';

/** Whole-number bounds (age, visits, points) within `rule`; either may be left empty. */
export function RangeNumbers({
  min,
  max,
  onChange,
  bad,
  unit,
  rule,
}: {
  min?: number | null;
  max?: number | null;
  onChange(min: number | null, max: number | null): void;
  bad: IsBad;
  unit: string;
  rule: NumberRule;
}) {
  const { t } = useTranslation();
  const whole = bad('');
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <ConditionNumber
        w={110}
        rule={rule}
        optional
        placeholder={t('rules.any')}
        value={min}
        onValue={(n) => onChange(n, max ?? null)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≥
          </Text>
        }
        bad={bad('min') || whole}
        aria-label={t('rules.atLeast')}
        data-testid="range-min"
      />
      <ConditionNumber
        w={110}
        rule={rule}
        optional
        placeholder={t('rules.any')}
        value={max}
        onValue={(n) => onChange(min ?? null, n)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≤
          </Text>
        }
        bad={bad('max') || whole}
        aria-label={t('rules.atMost')}
        data-testid="range-max"
      />
      <Text size="sm" c="dimmed">
        {unit}
      </Text>
    </Group>
  );
}
