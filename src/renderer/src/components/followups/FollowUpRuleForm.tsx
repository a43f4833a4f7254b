import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpRule } from '../../../../shared/contract/followups';
import { call } from '../../api/client';
import { errorText } from '../errorText';

/** What "a regular who has not come back" means for this shop. */
export function FollowUpRuleForm({ rule, onSaved, onCancel }: { rule: FollowUpRule; onSaved(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FollowUpRule>(rule);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof FollowUpRule, label: string) => (
    <NumberInput
      label={label}
      min={1}
      allowDecimal={false}
      value={draft[key]}
      onChange={(v) => setDraft({ ...draft, [key]: typeof v === 'number' ? v : 0 })}
      data-testid={`followup-rule-${key}`}
    />
  );
  async function save(): Promise<void> {
    if (draft.notBackDays >= draft.capDays) {
      setError(t('followups.rule.capAfterDays'));
      return;
    }
    try {
      await call('followups.setRule', draft);
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
