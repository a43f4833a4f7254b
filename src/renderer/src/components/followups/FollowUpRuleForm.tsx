import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpRule } from '../../../../shared/contract/followups';
import { call } from '../../api/client';
import { errorText } from '../errorText';
import { NumberField } from '../NumberField';
import { readNumbers, type NumberRule } from '../numberText';

// followups.setRule's bounds: refused as typed here, never clamped or stripped of a sign or a decimal point.
const VISITS: NumberRule = { min: 1, max: 100_000 };
const DAYS: NumberRule = { min: 1, max: 36_500 };
const RULES: Record<keyof FollowUpRule, NumberRule> = { regularVisits: VISITS, notBackDays: DAYS, capDays: DAYS };
type Key = keyof FollowUpRule;
const asText = (r: FollowUpRule): Record<Key, string> => ({
  regularVisits: String(r.regularVisits),
  notBackDays: String(r.notBackDays),
  capDays: String(r.capDays),
});

/** What "a regular who has not come back" means for this shop. */
export function FollowUpRuleForm({ rule, onSaved, onCancel }: { rule: FollowUpRule; onSaved(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<Key, string>>(() => asText(rule));
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const field = (key: Key, label: string) => (
    <NumberField
      label={label}
      value={draft[key]}
      onChange={(e) => {
        const text = e.currentTarget.value;
        setDraft((d) => ({ ...d, [key]: text }));
        setErrors((x) => ({ ...x, [key]: undefined }));
      }}
      error={errors[key]}
      data-testid={`followup-rule-${key}`}
    />
  );
  async function save(): Promise<void> {
    const read = readNumbers(t, {
      regularVisits: { text: draft.regularVisits, rule: RULES.regularVisits },
      notBackDays: { text: draft.notBackDays, rule: RULES.notBackDays },
      capDays: { text: draft.capDays, rule: RULES.capDays },
    });
    if (!read.ok) {
      setErrors(read.errors);
      setError(null);
      return;
    }
    const next = read.values as FollowUpRule;
    if (next.notBackDays >= next.capDays) {
      setError(t('followups.rule.capAfterDays'));
      return;
    }
    try {
      await call('followups.setRule', next);
      onSaved();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('followups.rule.hint')}
        </Text>
        {field('regularVisits', t('followups.rule.regularVisits'))}
        {field('notBackDays', t('followups.rule.notBackDays'))}
        {field('capDays', t('followups.rule.capDays'))}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.goBack')}
          </Button>
          <Button type="submit" data-testid="followup-rule-save">
            {t('followups.rule.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
