import { ActionIcon, Alert, Button, Group, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TIERS, type TierRule } from '../../../shared/contract/tiers';
import { formatAmountPlain, parseMoney } from '../../../shared/money';
import { ApiCallError, call } from '../api/client';
import { errorText } from './errorText';
import { MoneyInput } from './MoneyInput';
import { NumberField } from './NumberField';
import { numberProblemText, parseNumberText, type NumberRule } from './numberText';

interface Row {
  key: number;
  name: string;
  minSpend: string;
  benefit: string;
  multiplier: string;
}

const WINDOW_DAYS: NumberRule = { min: 1, max: 3650 };
const MULTIPLIER: NumberRule = { min: 1, max: 10, decimals: 2 };

let seq = 0;

/** The backend's English validation messages for a tier rule, translated. */
function tierErrorText(t: TFunction, e: unknown): string {
  const message = e instanceof ApiCallError && e.error.code === 'VALIDATION' ? e.error.message : '';
  const known: [RegExp, string][] = [
    [/needs a name/, 'tiers.errors.nameRequired'],
    [/must be different/, 'tiers.errors.nameTaken'],
    [/reserved/, 'tiers.errors.nameReserved'],
    [/at most 40 characters/, 'tiers.errors.nameTooLong'],
    [/multiplier/, 'tiers.errors.multiplier'],
    [/200 characters/, 'tiers.errors.benefitTooLong'],
    [/higher minimum spend/, 'tiers.errors.ascending'],
    [/minimum spend/, 'tiers.errors.minSpend'],
    [/window/, 'tiers.errors.windowDays'],
    [/at most \d+ tiers/, 'tiers.errors.tooMany'],
  ];
  for (const [re, key] of known) if (re.test(message)) return t(key, { max: MAX_TIERS });
  return errorText(t, e);
}

/** Settings section: the tier rule (window and up to five tiers by minimum spend, each with a benefit and a points multiplier), saved on its own. */
export function TierRuleEditor({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const [windowDays, setWindowDays] = useState('365');
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  // A tier added with the keyboard is named at once: the focus goes to its name, not back to the top.
  const [added, setAdded] = useState<number | null>(null);

  const load = (rule: TierRule): void => {
    setWindowDays(String(rule.windowDays));
    setRows(
      rule.tiers.map((tier) => ({
        key: ++seq,
        name: tier.name,
        minSpend: formatAmountPlain(tier.minSpend, currency, 'en').replace(/,/g, ''),
        benefit: tier.benefit,
        multiplier: String(tier.multiplier),
      })),
    );
  };

  useEffect(() => {
    let live = true;
    void call('tiers.getRule', {}).then((r) => live && load(r));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currency]);

  const edit = (key: number, patch: Partial<Row>): void => {
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setSaved(false);
  };

  async function save(): Promise<void> {
    const tiers: TierRule['tiers'] = [];
    const found: Record<string, string> = {};
    const days = parseNumberText(windowDays, WINDOW_DAYS);
    if (!days.ok) found.windowDays = numberProblemText(t, days.reason, WINDOW_DAYS);
    rows.forEach((r, i) => {
      // parseMoney refuses zero (it is for purchases); a first tier from 0 is allowed.
      const p = /^0+([.,]0+)?$/.test(r.minSpend.trim()) ? ({ ok: true, minor: 0 } as const) : parseMoney(r.minSpend, currency);
      // A blank multiplier is the plain ×1; a typed one is taken as typed or refused, never clamped.
      const typed = r.multiplier.trim().replace(/^×\s*/, '');
      const m = typed === '' ? ({ ok: true, value: 1 } as const) : parseNumberText(typed, MULTIPLIER);
      if (!p.ok) found[`tiers.${i}.minSpend`] = t(`money.${p.reason}`);
      // The tier's own message names the whole rule (1 to 10, two decimals): one look, one fix.
      if (!m.ok)
        found[`tiers.${i}.multiplier`] =
          m.reason === 'malformed' ? numberProblemText(t, m.reason, MULTIPLIER) : t('tiers.errors.multiplier');
      if (p.ok && m.ok) tiers.push({ name: r.name, minSpend: p.minor, benefit: r.benefit, multiplier: m.value });
    });
    if (Object.keys(found).length > 0 || !days.ok) {
      setErrors(found);
      setSaved(false);
      return;
    }
    try {
      load(await call('tiers.setRule', { windowDays: days.ok ? days.value : 0, tiers }));
      setErrors({});
      setSaved(true);
    } catch (e) {
      const field = e instanceof ApiCallError ? (e.error.field ?? '_form') : '_form';
      setErrors({ [field === 'tiers' ? '_form' : field]: tierErrorText(t, e) });
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="tier-rule">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <div>
            <Title order={4}>{t('tiers.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('tiers.explain')}
            </Text>
          </div>
          <NumberField
            label={t('tiers.windowDays')}
            value={windowDays}
            onChange={(e) => {
              setWindowDays(e.currentTarget.value);
              setErrors((was) => ({ ...was, windowDays: '' }));
              setSaved(false);
            }}
            error={errors.windowDays}
            w={200}
            data-testid="tier-window"
          />
          {rows.length === 0 && <Text size="sm">{t('tiers.none')}</Text>}
          {rows.map((r, i) => (
            // The benefit gets a line of its own: four fields in a row do not fit the settings column at 1024 px.
            <Stack key={r.key} gap={6} data-testid="tier-row">
              <Group align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={i === 0 ? t('tiers.name') : undefined}
                  aria-label={t('tiers.name')}
                  placeholder={t('tiers.namePlaceholder')}
                  value={r.name}
                  onChange={(e) => edit(r.key, { name: e.currentTarget.value })}
                  error={errors[`tiers.${i}.name`]}
                  autoFocus={r.key === added}
                  data-testid="tier-name"
                />
                <MoneyInput
                  style={{ flex: 1 }}
                  label={i === 0 ? t('tiers.minSpend') : undefined}
                  aria-label={t('tiers.minSpend')}
                  value={r.minSpend}
                  onChange={(e) => edit(r.key, { minSpend: e.currentTarget.value })}
                  error={errors[`tiers.${i}.minSpend`]}
                  data-testid="tier-min"
                />
                <NumberField
                  w={96}
                  decimals={2}
                  label={i === 0 ? t('tiers.multiplier') : undefined}
                  aria-label={t('tiers.multiplier')}
                  value={r.multiplier}
                  onChange={(e) => edit(r.key, { multiplier: e.currentTarget.value })}
                  error={errors[`tiers.${i}.multiplier`]}
                  data-testid="tier-multiplier"
                />
                <Tooltip label={t('tiers.remove')}>
                  <ActionIcon
                    mt={i === 0 ? 28 : 4}
                    variant="subtle"
                    color="gray"
                    size="lg"
                    aria-label={t('tiers.remove')}
                    onClick={() => {
                      setRows(rows.filter((x) => x.key !== r.key));
                      setErrors({});
                      setSaved(false);
                    }}
                    data-testid="tier-remove"
                  >
                    ×
                  </ActionIcon>
                </Tooltip>
              </Group>
              <TextInput
                mr={42}
                aria-label={t('tiers.benefit')}
                placeholder={t('tiers.benefitPlaceholder')}
                value={r.benefit}
                onChange={(e) => edit(r.key, { benefit: e.currentTarget.value })}
                error={errors[`tiers.${i}.benefit`]}
                data-testid="tier-benefit"
              />
            </Stack>
          ))}
          {errors._form && <Alert color="red">{errors._form}</Alert>}
          {saved && <Alert color="green">{t('tiers.saved')}</Alert>}
          <Group justify="space-between">
            <Button
              variant="default"
              disabled={rows.length >= MAX_TIERS}
              onClick={() => {
                setRows([...rows, { key: ++seq, name: '', minSpend: '', benefit: '', multiplier: '1' }]);
                setAdded(seq);
                setSaved(false);
              }}
              data-testid="tier-add"
            >
              {t('tiers.add')}
            </Button>
            <Button type="submit" data-testid="tier-save">
              {t('tiers.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
