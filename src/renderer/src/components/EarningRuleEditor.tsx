import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EarningRule } from '../../../shared/contract/tiers';
import { call } from '../api/client';
import { errorField, errorText } from './errorText';

const FIELDS = ['perVisit', 'signupBonus', 'birthdayBonus'] as const;

/** Settings section: the earning rules besides points per amount (per visit, sign-up and birthday bonus), saved on their own. */
export function EarningRuleEditor() {
  const { t } = useTranslation();
  const [rule, setRule] = useState<Record<(typeof FIELDS)[number], number | string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    void call('earning.getRule', {}).then((r) => live && setRule(r));
    return () => {
      live = false;
    };
  }, []);

  async function save(): Promise<void> {
    if (!rule) return;
    const input = Object.fromEntries(FIELDS.map((k) => [k, rule[k] === '' ? 0 : Number(rule[k])])) as unknown as EarningRule;
    try {
      setRule(await call('earning.setRule', input));
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
              <NumberInput
                key={k}
                label={t(`tiers.earning.${k}`)}
                description={t(`tiers.earning.${k}Hint`)}
                min={0}
                max={1_000_000}
                allowDecimal={false}
                allowNegative={false}
                value={rule?.[k] ?? ''}
                onChange={(v) => {
                  if (rule) setRule({ ...rule, [k]: v });
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
