import { Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_GROUPS, type LifecycleCounts, type LifecycleRule } from '../../../../shared/contract/segments';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';
import { apiErrorOf, ruleErrorText } from './ruleModel';

const RULE_FIELDS = ['newDays', 'lapsedDays', 'loyalVisits', 'loyalWindowDays'] as const;

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
  const [rule, setRule] = useState<LifecycleRule>(initial);
  const [preview, setPreview] = useState<LifecycleCounts | null>(null);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (opened) setRule(initial);
  }, [opened, initial]);

  const ruleJson = JSON.stringify(rule);
  useEffect(() => {
    if (!opened) return;
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
            <NumberInput
              key={k}
              label={t(`lifecycle.rule.${k}`)}
              min={1}
              max={k === 'loyalVisits' ? 100000 : 36500}
              allowDecimal={false}
              value={rule[k]}
              onChange={(v) => setRule((r) => ({ ...r, [k]: typeof v === 'number' ? v : 0 }))}
              error={error?.field === k ? error.text : undefined}
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
                    {preview ? f.number(preview[g]) : '—'}
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
