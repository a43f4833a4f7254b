import { Group, NumberInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { num, type IsBad } from './fieldParts';

/** Whole-number bounds (age, visits, points); either may be left empty. */
export function RangeNumbers({
  min,
  max,
  onChange,
  bad,
  unit,
  lowest,
}: {
  min?: number | null;
  max?: number | null;
  onChange(min: number | null, max: number | null): void;
  bad: IsBad;
  unit: string;
  lowest?: number;
}) {
  const { t } = useTranslation();
  const whole = bad('');
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <NumberInput
        hideControls
        w={110}
        min={lowest}
        allowDecimal={false}
        placeholder={t('rules.any')}
        value={min ?? ''}
        onChange={(v) => onChange(num(v), max ?? null)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≥
          </Text>
        }
        error={bad('min') || whole}
        aria-label={t('rules.atLeast')}
        data-testid="range-min"
      />
      <NumberInput
        hideControls
        w={110}
        min={lowest}
        allowDecimal={false}
        placeholder={t('rules.any')}
        value={max ?? ''}
        onChange={(v) => onChange(min ?? null, num(v))}
        leftSection={
          <Text size="xs" c="dimmed">
            ≤
          </Text>
        }
        error={bad('max') || whole}
        aria-label={t('rules.atMost')}
        data-testid="range-max"
      />
      <Text size="sm" c="dimmed">
        {unit}
      </Text>
    </Group>
  );
}
