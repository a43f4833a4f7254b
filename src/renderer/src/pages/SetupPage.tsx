import { Alert, Button, Center, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/domain';
import { formatAmountPlain, minorDigits, parseMoney } from '../../../shared/money';
import { currencyOfCountry, defaultPointsRule, guessShopDefaults } from '../../../shared/shopDefaults';
import { call } from '../api/client';
import { CountrySelect } from '../components/CountrySelect';
import { CurrencySelect } from '../components/CurrencySelect';
import { errorField, errorText } from '../components/errorText';
import { NumberField } from '../components/NumberField';
import { numberProblemText, parseNumberText, type NumberRule } from '../components/numberText';
import { timeZoneOptions } from '../components/shopOptions';
import { setLanguage, UI_LANGUAGES } from '../i18n';
import { useApp } from '../stores/app';
import { useStaff } from '../stores/staff';

const POINTS: NumberRule = { min: 0, max: 1_000_000 };

interface SetupForm {
  shopName: string;
  locale: Locale;
  currency: string | null;
  country: string | null;
  timeZone: string | null;
  /** As typed: a minus sign or a decimal is refused with a message, never dropped or clamped. */
  points: string;
  every: string;
}

function initialForm(): SetupForm {
  const d = guessShopDefaults(
    navigator.languages.length ? navigator.languages : [navigator.language],
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  return {
    shopName: '',
    locale: d.locale,
    currency: d.currency,
    country: d.country,
    timeZone: d.timeZone,
    points: String(d.pointsRule?.points ?? 1),
    every: d.currency && d.pointsRule ? plain(d.pointsRule.every, d.currency) : '',
  };
}

/** An amount as typed into a field: no grouping, and no ".00" on a round amount (NT$100, not 100.00). */
function plain(minor: number, currency: string): string {
  const scale = 10 ** minorDigits(currency);
  return minor % scale === 0 ? String(minor / scale) : formatAmountPlain(minor, currency, 'en').replace(/,/g, '');
}

/**
 * A new shop's first screen: its name, language, money, place and points rule, proposed from the
 * browser's languages and time zone and confirmed by the person. Saving it completes the setup.
 */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const setSettings = useApp((s) => s.setSettings);
  const navigate = useApp((s) => s.navigate);
  const [form, setForm] = useState<SetupForm>(initialForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [ownerName, setOwnerName] = useState('');
  const [ownerPin, setOwnerPin] = useState('');
  const setStaffStatus = useStaff((st) => st.setStatus);
  const zones = useMemo(() => timeZoneOptions(form.timeZone), [form.timeZone]);

  // The setup speaks the language it proposes, so the person reads it before confirming.
  useEffect(() => {
    void i18n.changeLanguage(form.locale);
    document.documentElement.lang = form.locale;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, with the proposed language
  }, []);

  const up = (patch: Partial<SetupForm>): void => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, ''])) }));
  };

  function chooseLanguage(locale: Locale): void {
    up({ locale });
    void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }

  function chooseCountry(country: string): void {
    // A country brings its currency, unless the person already picked another one.
    const currency = form.currency ?? currencyOfCountry(country);
    up({ country, currency, every: form.every || (currency ? plain(defaultPointsRule(currency).every, currency) : '') });
  }

  function chooseCurrency(currency: string): void {
    up({ currency, every: plain(defaultPointsRule(currency).every, currency) });
  }

  async function submit(): Promise<void> {
    const missing: Record<string, string> = {};
    // The owner's PIN is optional (a shop run by one person needs none); given, it must be whole.
    if (ownerPin !== '' && !/^[0-9]{4,8}$/.test(ownerPin)) missing.ownerPin = t('validation.pin', { min: 4, max: 8 });
    if (!form.shopName.trim()) missing.shopName = t('validation.required');
    if (!form.currency) missing.currency = t('validation.choose');
    if (!form.country) missing.country = t('validation.choose');
    if (!form.timeZone) missing.timeZone = t('validation.choose');
    const every = form.currency ? parseMoney(form.every, form.currency) : null;
    if (every && !every.ok) missing.every = t(`money.${every.reason}`);
    const points = parseNumberText(form.points, POINTS);
    if (!points.ok) missing.points = numberProblemText(t, points.reason, POINTS);
    if (Object.keys(missing).length > 0 || !every?.ok || !points.ok) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const saved = await call('settings.update', {
        shopName: form.shopName,
        locale: form.locale,
        currency: form.currency!,
        country: form.country!,
        timeZone: form.timeZone!,
        pointsRule: { every: every.minor, points: points.value },
      });
      if (ownerPin !== '') {
        await call('staff.setupOwner', { name: ownerName.trim() || form.shopName, pin: ownerPin });
        setStaffStatus(await call('staff.status', {}));
      }
      setLanguage(saved.locale);
      setSettings(saved);
      navigate({ page: 'counter' });
    } catch (e) {
      const field = errorField(e)?.split('.')[0];
      setErrors({ [field && field in form ? field : field === 'pointsRule' ? 'every' : '_form']: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" data-testid="setup">
      <Paper withBorder radius="md" p="lg" w={640} maw="100%">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="sm">
            <div>
              <Title order={2}>{t('setup.title')}</Title>
              <Text c="dimmed" size="sm">
                {t('setup.intro')}
              </Text>
            </div>
            <TextInput
              label={t('setup.shopName')}
              value={form.shopName}
              onChange={(e) => up({ shopName: e.currentTarget.value })}
              error={errors.shopName}
              data-testid="setup-shop"
              data-autofocus
              autoFocus
            />
            <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
              <Select
                label={t('setup.language')}
                data={UI_LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
                value={form.locale}
                onChange={(v) => v && chooseLanguage(v as Locale)}
                allowDeselect={false}
                data-testid="setup-language"
              />
              <CountrySelect
                label={t('setup.country')}
                value={form.country}
                onChange={(v) => v && chooseCountry(v)}
                error={errors.country}
                data-testid="setup-country"
              />
              <CurrencySelect
                label={t('setup.currency')}
                value={form.currency}
                onChange={(v) => v && chooseCurrency(v)}
                error={errors.currency}
                data-testid="setup-currency"
              />
              <Select
                label={t('setup.timeZone')}
                data={zones}
                value={form.timeZone}
                onChange={(v) => v && up({ timeZone: v })}
                error={errors.timeZone}
                searchable
                allowDeselect={false}
                maxDropdownHeight={240}
                data-testid="setup-time-zone"
              />
              <NumberField
                label={t('setup.points')}
                value={form.points}
                onChange={(e) => up({ points: e.currentTarget.value })}
                error={errors.points}
                data-testid="setup-points"
              />
              <TextInput
                label={t('setup.every')}
                value={form.every}
                onChange={(e) => up({ every: e.currentTarget.value })}
                error={errors.every}
                rightSection={<span style={{ fontSize: 12, opacity: 0.7 }}>{form.currency ?? ''}</span>}
                rightSectionWidth={48}
                inputMode="decimal"
                autoComplete="off"
                data-testid="setup-every"
              />
            </SimpleGrid>
            <Paper withBorder p="sm">
              <Stack gap="xs">
                <Text fw={500} size="sm">
                  {t('staff.setupOwnerTitle')}
                </Text>
                <Text c="dimmed" size="xs">
                  {t('staff.setupOwnerHint')}
                </Text>
                <SimpleGrid cols={2} spacing="sm">
                  <TextInput
                    label={t('staff.setupOwnerName')}
                    value={ownerName}
                    onChange={(e) => setOwnerName(e.currentTarget.value)}
                    data-testid="setup-owner-name"
                  />
                  <PasswordInput
                    label={t('staff.ownerPin')}
                    value={ownerPin}
                    onChange={(e) => {
                      setOwnerPin(e.currentTarget.value.replace(/\D/g, '').slice(0, 8));
                      setErrors((x) => ({ ...x, ownerPin: '' }));
                    }}
                    error={errors.ownerPin}
                    inputMode="numeric"
                    autoComplete="off"
                    data-testid="setup-owner-pin"
                  />
                </SimpleGrid>
              </Stack>
            </Paper>
            <Text c="dimmed" size="xs">
              {t('setup.later')}
            </Text>
            {errors._form && <Alert color="red">{errors._form}</Alert>}
            <Group justify="flex-end">
              <Button type="submit" loading={busy} data-testid="setup-save">
                {t('setup.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
