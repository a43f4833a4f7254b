import { Alert, Button, Group, NumberInput, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, ShopSettings } from '../../../shared/domain';
import { formatAmountPlain, minorDigits, parseMoney } from '../../../shared/money';
import { call } from '../api/client';
import { CountrySelect } from '../components/CountrySelect';
import { CurrencySelect } from '../components/CurrencySelect';
import { errorField, fieldErrorText } from '../components/errorText';
import { MoneyInput } from '../components/MoneyInput';
import { timeZoneOptions } from '../components/shopOptions';
import { TierRuleEditor } from '../components/TierRuleEditor';
import { ReceiptLayoutEditor } from '../components/receipts/ReceiptLayoutEditor';
import { ShopExportCard } from '../components/privacy/ShopExportCard';
import { EarningRuleEditor } from '../components/EarningRuleEditor';
import { LanAccessCard } from '../components/lan/LanAccessCard';
import { useApp } from '../stores/app';

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, setSettings } = useApp();
  const [form, setForm] = useState<ShopSettings | null>(settings);
  const [every, setEvery] = useState('');
  const [spendPoints, setSpendPoints] = useState<number | ''>('');
  const [spendValue, setSpendValue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZoneOptions(form?.timeZone ?? null), [form?.timeZone]);

  useEffect(() => {
    if (settings) {
      setForm(settings);
      setEvery(formatAmountPlain(settings.pointsRule.every, settings.currency, 'en').replace(/,/g, ''));
      setSpendPoints(settings.pointsValue?.points ?? '');
      setSpendValue(settings.pointsValue ? formatAmountPlain(settings.pointsValue.value, settings.currency, 'en').replace(/,/g, '') : '');
    }
  }, [settings]);

  if (!form) return null;

  async function save(): Promise<void> {
    if (!form) return;
    const e = parseMoney(every, form.currency);
    if (!e.ok) {
      setErrors({ pointsRule: t(`money.${e.reason}`) });
      return;
    }
    // No points typed: spending stays off.
    let pointsValue: ShopSettings['pointsValue'] = null;
    if (spendPoints !== '' && spendPoints > 0) {
      const v = parseMoney(spendValue, form.currency);
      if (!v.ok) {
        setErrors({ pointsValue: t(`money.${v.reason}`) });
        return;
      }
      pointsValue = { points: spendPoints, value: v.minor };
    }
    try {
      const next = await call('settings.update', { ...form, pointsRule: { every: e.minor, points: form.pointsRule.points }, pointsValue });
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
              <NumberInput
                label={t('settings.pointsEarned')}
                min={0}
                value={form.pointsRule.points}
                onChange={(v) => up({ pointsRule: { ...form.pointsRule, points: Number(v) || 0 } })}
                allowDecimal={false}
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
              <NumberInput
                label={t('points.settingsSpend')}
                min={0}
                value={spendPoints}
                onChange={(v) => {
                  setSpendPoints(v === '' ? '' : Number(v) || 0);
                  setSaved(false);
                }}
                allowDecimal={false}
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
            <NumberInput
              label={t('points.settingsExpiry')}
              min={1}
              max={120}
              value={form.pointsExpiryMonths ?? ''}
              onChange={(v) => up({ pointsExpiryMonths: v === '' || !Number(v) ? null : Number(v) })}
              allowDecimal={false}
              rightSection={t('points.settingsExpiryUnit')}
              rightSectionWidth={60}
              description={t('points.settingsExpiryHint')}
              error={errors.pointsExpiryMonths}
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
