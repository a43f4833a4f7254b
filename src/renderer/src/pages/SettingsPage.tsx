import { Alert, Button, Group, NumberInput, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, ShopSettings } from '../../../shared/domain';
import { formatAmountPlain, minorDigits, parseMoney } from '../../../shared/money';
import { call } from '../api/client';
import { errorField, errorText } from '../components/errorText';
import { MoneyInput } from '../components/MoneyInput';
import { TierRuleEditor } from '../components/TierRuleEditor';
import { useApp } from '../stores/app';

const CURRENCIES = ['VND', 'TWD', 'HKD', 'USD', 'EUR', 'SGD', 'CNY', 'JPY', 'THB', 'MYR', 'AUD', 'GBP'];
const TIME_ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Taipei', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, setSettings } = useApp();
  const [form, setForm] = useState<ShopSettings | null>(settings);
  const [every, setEvery] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings) {
      setForm(settings);
      setEvery(formatAmountPlain(settings.pointsRule.every, settings.currency, 'en').replace(/,/g, ''));
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
    try {
      const next = await call('settings.update', { ...form, pointsRule: { every: e.minor, points: form.pointsRule.points } });
      setSettings(next);
      setErrors({});
      setSaved(true);
    } catch (err) {
      setErrors({ [errorField(err)?.split('.')[0] ?? '_form']: errorText(t, err) });
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
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            <TextInput label={t('settings.shopName')} value={form.shopName} onChange={(e) => up({ shopName: e.currentTarget.value })} error={errors.shopName} data-testid="settings-shop" />
            <Select label={t('settings.currency')} data={CURRENCIES} value={form.currency} onChange={(v) => v && up({ currency: v })} error={errors.currency} searchable allowDeselect={false} />
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
            />
            <Select label={t('settings.timeZone')} data={TIME_ZONES.includes(form.timeZone) ? TIME_ZONES : [form.timeZone, ...TIME_ZONES]} value={form.timeZone} onChange={(v) => v && up({ timeZone: v })} error={errors.timeZone} searchable allowDeselect={false} />
            <Group grow align="flex-start">
              <NumberInput label={t('settings.pointsEarned')} min={0} value={form.pointsRule.points} onChange={(v) => up({ pointsRule: { ...form.pointsRule, points: Number(v) || 0 } })} allowDecimal={false} />
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
    </Stack>
  );
}
