import { Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, ShopSettings } from '../../../shared/domain';
import { formatAmountPlain, minorDigits, parseMoney } from '../../../shared/money';
import { call } from '../api/client';
import { CountrySelect } from '../components/CountrySelect';
import { CurrencySelect } from '../components/CurrencySelect';
import { errorField, fieldErrorText } from '../components/errorText';
import { MoneyInput } from '../components/MoneyInput';
import { NumberField } from '../components/NumberField';
import { readNumbers, type NumberRule } from '../components/numberText';
import { timeZoneOptions } from '../components/shopOptions';
import { TierRuleEditor } from '../components/TierRuleEditor';
import { ReceiptLayoutEditor } from '../components/receipts/ReceiptLayoutEditor';
import { ShopExportCard } from '../components/privacy/ShopExportCard';
import { EarningRuleEditor } from '../components/EarningRuleEditor';
import { LanAccessCard } from '../components/lan/LanAccessCard';
import { useApp } from '../stores/app';

const EARNED: NumberRule = { min: 0, max: 1_000_000 };
const SPEND_POINTS: NumberRule = { min: 1, max: 1_000_000 };
const EXPIRY_MONTHS: NumberRule = { min: 1, max: 120 };

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, setSettings } = useApp();
  const [form, setForm] = useState<ShopSettings | null>(settings);
  const [every, setEvery] = useState('');
  // The number fields as typed: a wrong one is refused with its message, never changed to fit.
  const [earned, setEarned] = useState('');
  const [spendPoints, setSpendPoints] = useState('');
  const [expiry, setExpiry] = useState('');
  const [spendValue, setSpendValue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZoneOptions(form?.timeZone ?? null), [form?.timeZone]);

  useEffect(() => {
    if (settings) {
      setForm(settings);
      setEvery(formatAmountPlain(settings.pointsRule.every, settings.currency, 'en').replace(/,/g, ''));
      setEarned(String(settings.pointsRule.points));
      setSpendPoints(settings.pointsValue ? String(settings.pointsValue.points) : '');
      setExpiry(settings.pointsExpiryMonths ? String(settings.pointsExpiryMonths) : '');
      setSpendValue(settings.pointsValue ? formatAmountPlain(settings.pointsValue.value, settings.currency, 'en').replace(/,/g, '') : '');
    }
  }, [settings]);

  if (!form) return null;

  async function save(): Promise<void> {
    if (!form) return;
    // Every field is checked before anything is sent, each wrong one named at once; nothing is saved until all are right.
    // No points to spend typed: spending stays off; no expiry typed: points never expire.
    const numbers = readNumbers(t, {
      earned: { text: earned, rule: EARNED },
      spendPoints: { text: spendPoints, rule: SPEND_POINTS, emptyIs: null },
      expiry: { text: expiry, rule: EXPIRY_MONTHS, emptyIs: null },
    });
    const found: Record<string, string> = numbers.ok ? {} : { ...numbers.errors };
    const e = parseMoney(every, form.currency);
    if (!e.ok) found.pointsRule = t(`money.${e.reason}`);
    const v = parseMoney(spendValue, form.currency);
    const spending = numbers.ok ? numbers.values.spendPoints : spendPoints.trim() !== '';
    if (spending && !v.ok) found.pointsValue = t(`money.${v.reason}`);
    if (!numbers.ok || !e.ok || (spending && !v.ok)) {
      setErrors(found);
      setSaved(false);
      return;
    }
    const pointsValue: ShopSettings['pointsValue'] =
      numbers.values.spendPoints !== null && v.ok ? { points: numbers.values.spendPoints, value: v.minor } : null;
    try {
      const next = await call('settings.update', {
        ...form,
        pointsRule: { every: e.minor, points: numbers.values.earned ?? 0 },
        pointsValue,
        pointsExpiryMonths: numbers.values.expiry,
      });
      setSettings(next);
      setErrors({});
      setSaved(true);
    } catch (err) {
      const field = errorField(err)?.split('.')[0];
      setErrors({ [field && field in form ? field : '_form']: fieldErrorText(t, err) });
    }
  }

  const up = (patch: Partial<ShopSettings>): void => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };

  return (
    <Stack maw={560}>
      <Title order={2}>{t('settings.title')}</Title>
      <Paper withBorder p="md" radius="md">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            <TextInput
              label={t('settings.shopName')}
              value={form.shopName}
              onChange={(e) => up({ shopName: e.currentTarget.value })}
              error={errors.shopName}
              data-testid="settings-shop"
            />
            <CurrencySelect
              label={t('settings.currency')}
              value={form.currency}
              onChange={(v) => v && up({ currency: v })}
              error={errors.currency}
              data-testid="settings-currency"
            />
            <Select
              label={t('settings.locale')}
              data={[
                { value: 'en', label: 'English' },
                { value: 'vi', label: 'Tiếng Việt' },
                { value: 'zh-Hant', label: '繁體中文' },
              ]}
              value={form.locale}
              onChange={(v) => v && up({ locale: v as Locale })}
              allowDeselect={false}
              description={t('settings.localeHint')}
            />
            <CountrySelect
              label={t('settings.country')}
              description={t('settings.countryHint')}
              value={form.country}
              onChange={(v) => v && up({ country: v })}
              error={errors.country}
              data-testid="settings-country"
            />
            <Select
              label={t('settings.timeZone')}
              data={zones}
              value={form.timeZone}
              onChange={(v) => v && up({ timeZone: v })}
              error={errors.timeZone}
              searchable
              allowDeselect={false}
              maxDropdownHeight={240}
            />
            <Group grow align="flex-start">
              <NumberField
                label={t('settings.pointsEarned')}
                value={earned}
                onChange={(ev) => {
                  setEarned(ev.currentTarget.value);
                  setErrors((was) => ({ ...was, earned: '' }));
                  setSaved(false);
                }}
                error={errors.earned}
                data-testid="settings-points-earned"
              />
              <MoneyInput
                label={t('settings.pointsEvery')}
                value={every}
                onChange={(e) => {
                  setEvery(e.currentTarget.value);
                  setSaved(false);
                }}
                error={errors.pointsRule}
                description={t('settings.pointsHint', { digits: minorDigits(form.currency) })}
              />
            </Group>
            <Group grow align="flex-start">
              <NumberField
                label={t('points.settingsSpend')}
                value={spendPoints}
                onChange={(ev) => {
                  setSpendPoints(ev.currentTarget.value);
                  setErrors((was) => ({ ...was, spendPoints: '' }));
                  setSaved(false);
                }}
                error={errors.spendPoints}
                rightSection={t('points.settingsSpendPoints')}
                rightSectionWidth={60}
                description={t('points.settingsSpendHint')}
                data-testid="settings-spend-points"
              />
              <MoneyInput
                label={t('points.settingsSpendValue')}
                value={spendValue}
                onChange={(ev) => {
                  setSpendValue(ev.currentTarget.value);
                  setSaved(false);
                }}
                error={errors.pointsValue}
                data-testid="settings-spend-value"
              />
            </Group>
            <NumberField
              label={t('points.settingsExpiry')}
              value={expiry}
              onChange={(ev) => {
                setExpiry(ev.currentTarget.value);
                setErrors((was) => ({ ...was, expiry: '', pointsExpiryMonths: '' }));
                setSaved(false);
              }}
              rightSection={t('points.settingsExpiryUnit')}
              rightSectionWidth={60}
              description={t('points.settingsExpiryHint')}
              error={errors.expiry || errors.pointsExpiryMonths}
              data-testid="settings-expiry-months"
            />
            {errors._form && <Alert color="red">{errors._form}</Alert>}
            {saved && <Alert color="green">{t('settings.saved')}</Alert>}
            <Group justify="flex-end">
              <Button type="submit" data-testid="settings-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <TierRuleEditor currency={settings?.currency ?? form.currency} />
      <EarningRuleEditor />
      <ReceiptLayoutEditor />
      <ShopExportCard />
      <LanAccessCard />
    </Stack>
  );
}
