import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EarningRule } from '../../../shared/contract/tiers';
import { call } from '../api/client';
import { errorField, errorText } from './errorText';
import { NumberField } from './NumberField';
import { readNumbers, type NumberRule } from './numberText';

const FIELDS = ['perVisit', 'signupBonus', 'birthdayBonus'] as const;
type Field = (typeof FIELDS)[number];
const RULE: NumberRule = { min: 0, max: 1_000_000 };

const asText = (r: EarningRule): Record<Field, string> => ({
  perVisit: String(r.perVisit),
  signupBonus: String(r.signupBonus),
  birthdayBonus: String(r.birthdayBonus),
});

/** Settings section: the earning rules besides points per amount (per visit, sign-up and birthday bonus), saved on their own. */
export function EarningRuleEditor() {
  const { t } = useTranslation();
  const [rule, setRule] = useState<Record<Field, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    void call('earning.getRule', {}).then((r) => live && setRule(asText(r)));
    return () => {
      live = false;
    };
  }, []);

  async function save(): Promise<void> {
    if (!rule) return;
    // A blank field is no bonus; anything else typed must be a whole number from 0, or nothing is saved.
    const read = readNumbers(t, {
      perVisit: { text: rule.perVisit, rule: RULE, emptyIs: 0 },
      signupBonus: { text: rule.signupBonus, rule: RULE, emptyIs: 0 },
      birthdayBonus: { text: rule.birthdayBonus, rule: RULE, emptyIs: 0 },
    });
    if (!read.ok) {
      setErrors(read.errors);
      setSaved(false);
      return;
    }
    try {
      setRule(asText(await call('earning.setRule', read.values as EarningRule)));
      setErrors({});
      setSaved(true);
    } catch (e) {
      setErrors({ [errorField(e) ?? '_form']: errorText(t, e) });
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="earning-rule">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <div>
            <Title order={4}>{t('tiers.earning.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('tiers.earning.explain')}
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {FIELDS.map((k) => (
              <NumberField
                key={k}
                label={t(`tiers.earning.${k}`)}
                description={t(`tiers.earning.${k}Hint`)}
                value={rule?.[k] ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  if (rule) setRule({ ...rule, [k]: v });
                  setErrors((was) => ({ ...was, [k]: '' }));
                  setSaved(false);
                }}
                error={errors[k]}
                data-testid={`earning-${k}`}
              />
            ))}
          </SimpleGrid>
          {errors._form && <Alert color="red">{errors._form}</Alert>}
          {saved && <Alert color="green">{t('tiers.earning.saved')}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" disabled={!rule} data-testid="earning-save">
              {t('tiers.earning.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
