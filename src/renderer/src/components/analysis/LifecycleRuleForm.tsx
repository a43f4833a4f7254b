import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_GROUPS, type LifecycleCounts, type LifecycleRule } from '../../../../shared/contract/segments';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';
import { NumberField } from '../NumberField';
import { readNumbers, type NumberRule } from '../numberText';
import { apiErrorOf, ruleErrorText } from './ruleModel';

const RULE_FIELDS = ['newDays', 'lapsedDays', 'loyalVisits', 'loyalWindowDays'] as const;
type Field = (typeof RULE_FIELDS)[number];
// lifecycle.setRule's bounds: a number outside them, a minus sign or a decimal is refused as typed, not changed.
const RULES: Record<Field, NumberRule> = {
  newDays: { min: 1, max: 36_500 },
  lapsedDays: { min: 1, max: 36_500 },
  loyalVisits: { min: 1, max: 100_000 },
  loyalWindowDays: { min: 1, max: 36_500 },
};
const asText = (r: LifecycleRule): Record<Field, string> =>
  Object.fromEntries(RULE_FIELDS.map((k) => [k, String(r[k])])) as Record<Field, string>;

/** The numbers behind the lifecycle groups, with the counts they would give previewed as you type. */
export function LifecycleRuleForm({
  opened,
  initial,
  onClose,
  onSaved,
}: {
  opened: boolean;
  initial: LifecycleRule;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState<Record<Field, string>>(() => asText(initial));
  const [preview, setPreview] = useState<LifecycleCounts | null>(null);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (opened) setText(asText(initial));
  }, [opened, initial]);

  const read = readNumbers(
    t,
    Object.fromEntries(RULE_FIELDS.map((k) => [k, { text: text[k], rule: RULES[k] }])) as Record<Field, { text: string; rule: NumberRule }>,
  );
  const typedErrors: Partial<Record<Field, string>> = read.ok ? {} : read.errors;
  // Nothing is previewed or saved while a field is wrong: the counts would be of numbers not on screen.
  const rule = read.ok ? (read.values as LifecycleRule) : null;
  const ruleJson = rule ? JSON.stringify(rule) : null;
  useEffect(() => {
    if (!opened || ruleJson === null) return;
    let live = true;
    const timer = setTimeout(() => {
      call('lifecycle.counts', { rule: JSON.parse(ruleJson) as LifecycleRule }).then(
        (r) => {
          if (!live) return;
          setPreview(r.counts);
          setError(null);
        },
        (e: unknown) => {
          const err = apiErrorOf(e);
          if (live) setError({ field: err?.field?.replace(/^rule\./, ''), text: err ? lifecycleError(err.message) : errorText(t, e) });
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // lifecycleError depends on t only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleJson, opened, t]);

  function lifecycleError(message: string): string {
    if (/shorter than/.test(message)) return t('lifecycle.errors.newShorter');
    return ruleErrorText(t, { code: 'VALIDATION', message });
  }

  async function save(): Promise<void> {
    if (!rule) return;
    setSaving(true);
    try {
      await call('lifecycle.setRule', rule);
      onSaved();
    } catch (e) {
      const err = apiErrorOf(e);
      setError({ field: err?.field, text: err ? lifecycleError(err.message) : errorText(t, e) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('lifecycle.ruleTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          {RULE_FIELDS.map((k) => (
            <NumberField
              key={k}
              label={t(`lifecycle.rule.${k}`)}
              value={text[k]}
              onChange={(e) => {
                const typed = e.currentTarget.value;
                setText((x) => ({ ...x, [k]: typed }));
              }}
              error={typedErrors[k] ?? (error?.field === k ? error.text : undefined)}
              data-testid={`lifecycle-${k}`}
            />
          ))}
          {error && !RULE_FIELDS.includes(error.field as (typeof RULE_FIELDS)[number]) && (
            <Text size="sm" c="red">
              {error.text}
            </Text>
          )}
          <Paper withBorder radius="md" p="sm" bg="gray.0">
            <Text size="xs" tt="uppercase" fw={700} c="dimmed" mb={4}>
              {t('lifecycle.preview')}
            </Text>
            <SimpleGrid cols={5} spacing="xs">
              {LIFECYCLE_GROUPS.map((g) => (
                <div key={g}>
                  <Text size="xs" c="dimmed" truncate>
                    {t(`lifecycle.group.${g}`)}
                  </Text>
                  <Text fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {preview && rule ? f.number(preview[g]) : '—'}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="save-lifecycle-rule">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
