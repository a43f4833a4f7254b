import { ActionIcon, Group, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../shared/contract/segments';
import { ConditionFields } from './conditions/ConditionFields';
import { CONDITION_KINDS, defaultCondition, type ConditionKind } from './ruleModel';

interface Props {
  value: RuleCondition;
  onChange(next: RuleCondition): void;
  onRemove(): void;
  /** The translated error for this condition, if the backend refused it. */
  error?: string | null;
  /** Which part of it the error names ('min', 'period.days', 'in', '' for the whole). */
  errorField?: string;
  testId?: string;
}

/** One condition of a segment: the kind on the left, its values, a remove button. */
export function ConditionEditor({ value, onChange, onRemove, error, errorField, testId }: Props) {
  const { t } = useTranslation();
  const bad = (name: string): boolean =>
    error != null && errorField !== undefined && (errorField === name || errorField.startsWith(name + '.'));
  const kindData = CONDITION_KINDS.map((k) => ({ value: k, label: t(`rules.kind.${k}`) }));

  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      data-testid={testId ?? 'condition'}
      style={error ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Select
            w={190}
            data={kindData}
            value={value.kind}
            allowDeselect={false}
            onChange={(k) => k && k !== value.kind && onChange(defaultCondition(k as ConditionKind))}
            aria-label={t('rules.kindLabel')}
            data-testid="condition-kind"
            comboboxProps={{ withinPortal: true }}
          />
          <Group gap="xs" style={{ flex: 1 }} align="flex-start">
            <ConditionFields value={value} onChange={onChange} bad={bad} />
          </Group>
          <Tooltip label={t('rules.remove')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={onRemove}
              aria-label={t('rules.remove')}
              data-testid="remove-condition"
            >
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
        {error && (
          <Text size="sm" c="red" data-testid="condition-error">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
