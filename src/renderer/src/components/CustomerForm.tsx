import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { customerInput, type CustomerInput } from '../../../shared/contract/core';
import type { Customer, DuplicateCandidate, Gender } from '../../../shared/domain';
import { issuesByField } from '../../../shared/validation';
import { call } from '../api/client';
import { forgetFacets, useFacets } from '../hooks/useFacets';
import { areaFilter } from './areaFilter';
import { formatDateText, parseDateText, patternOf, type DatePattern } from './dateText';
import { errorField, fieldErrorText } from './errorText';

interface FormState {
  fullName: string;
  phone: string;
  email: string;
  birthday: string;
  gender: Gender | null;
  area: string;
  address: string;
  tags: string[];
  notes: string;
  consent: boolean;
  consentSource: string;
}

function fromCustomer(c: Customer | null, dates: DatePattern): FormState {
  return {
    fullName: c?.fullName ?? '',
    phone: c?.phone ?? '',
    email: c?.email ?? '',
    birthday: formatDateText(c?.birthday ?? null, dates),
    gender: c?.gender ?? null,
    area: c?.area ?? '',
    address: c?.address ?? '',
    tags: c?.tags ?? [],
    notes: c?.notes ?? '',
    consent: c?.consent.marketing ?? false,
    consentSource: c?.consent.source ?? '',
  };
}

function toInput(f: FormState, c: Customer | null, birthday: string | null): CustomerInput {
  return {
    fullName: f.fullName,
    phone: f.phone || null,
    email: f.email || null,
    birthday,
    gender: f.gender,
    area: f.area || null,
    address: f.address || null,
    tags: f.tags,
    notes: f.notes || null,
    consent: { marketing: f.consent, date: f.consent ? (c?.consent.date ?? null) : null, source: f.consentSource || null },
    externalCode: c?.externalCode ?? null,
  };
}

/**
 * The form's input checked with the contract's own schema, so every bad field is named at once
 * and in the UI's language (the backend checks the same rules again).
 */
function check(
  t: TFunction,
  f: FormState,
  c: Customer | null,
  dates: DatePattern,
): { input: CustomerInput } | { errors: Record<string, string> } {
  const birthday = parseDateText(f.birthday, dates);
  const input = toInput(f, c, birthday || null);
  const errors: Record<string, string> = {};
  const parsed = customerInput.safeParse(input);
  if (!parsed.success) {
    for (const [field, { reason, code, ...params }] of Object.entries(issuesByField(parsed.error, input))) {
      const key = field.split('.')[0]!;
      if (key === 'fullName' && reason === 'required') errors.fullName = t('customerForm.nameRequired');
      else if (typeof code === 'string') errors[key] ??= t(`errors.${code}`);
      else
        errors[key === 'consent' ? 'consentSource' : key] ??= t(`validation.${String(reason)}`, {
          ...params,
          defaultValue: t('validation.invalid'),
        });
    }
  }
  if (birthday === null) errors.birthday = t('validation.date', { pattern: t('dateInput.pattern') });
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

/** Create or edit a customer; warns about a likely duplicate (same phone or email) before saving. */
export function CustomerForm({
  opened,
  onClose,
  onSaved,
  customer = null,
}: {
  opened: boolean;
  onClose: () => void;
  onSaved: (c: Customer) => void;
  customer?: Customer | null;
}) {
  const { t, i18n } = useTranslation();
  const dates = patternOf(i18n.language);
  const facets = useFacets();
  const [form, setForm] = useState<FormState>(() => fromCustomer(customer, dates));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[]>([]);
  // The phone and email the person was warned about: "Save anyway" saves those, never a number typed
  // after the warning (which is checked again).
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Checks run on blur and on save, and can answer out of order: only the newest one's answer shows.
  const lastCheck = useRef(0);
  const contactKey = (f: FormState): string => `${f.phone.trim()}\u0000${f.email.trim()}`;
  const confirmed = confirmedFor !== null && confirmedFor === contactKey(form);

  useEffect(() => {
    if (opened) {
      setForm(fromCustomer(customer, dates));
      setErrors({});
      setDuplicates([]);
      setConfirmedFor(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the date pattern is read when the form opens
  }, [opened, customer]);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]): void => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };

  async function checkDuplicates(): Promise<DuplicateCandidate[]> {
    const mine = ++lastCheck.current;
    const found = await call('customers.duplicates', {
      phone: form.phone || null,
      email: form.email || null,
      excludeId: customer?.id ?? null,
    });
    if (mine === lastCheck.current) setDuplicates(found);
    return found;
  }

  /**
   * Leaving the phone or email checks for a duplicate, except when the person is pressing Save (which
   * checks anyway): the warning coming or going under their pointer between press and release moved the
   * button away, and the click was lost.
   */
  function checkOnBlur(e: FocusEvent<HTMLInputElement>): void {
    if (e.relatedTarget instanceof HTMLElement && e.relatedTarget.closest('[data-save="customer"]')) return;
    void checkDuplicates().catch(() => undefined);
  }

  async function save(): Promise<void> {
    const checked = check(t, form, customer, dates);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    try {
      if (!confirmed) {
        const found = await checkDuplicates();
        if (found.length > 0) {
          setConfirmedFor(contactKey(form));
          return;
        }
      }
      const input = checked.input;
      const saved = customer ? await call('customers.update', { id: customer.id, data: input }) : await call('customers.create', input);
      forgetFacets();
      onSaved(saved);
    } catch (e) {
      const field =
        errorField(e)
          ?.replace(/^data\./, '')
          .split('.')[0] ?? '_form';
      setErrors({ [field in form ? field : '_form']: fieldErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={customer ? t('customerForm.editTitle') : t('customerForm.newTitle')} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('fields.fullName')}
            withAsterisk
            value={form.fullName}
            onChange={(e) => set('fullName', e.currentTarget.value)}
            error={errors.fullName}
            data-testid="cf-name"
            data-autofocus
          />
          <SimpleGrid cols={2}>
            <TextInput
              label={t('fields.phone')}
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              onBlur={checkOnBlur}
              error={errors.phone}
              data-testid="cf-phone"
              inputMode="tel"
            />
            <TextInput
              label={t('fields.email')}
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              onBlur={checkOnBlur}
              error={errors.email}
              data-testid="cf-email"
              type="email"
            />
            <TextInput
              label={t('fields.birthday')}
              placeholder={t('dateInput.pattern')}
              inputMode="numeric"
              autoComplete="off"
              value={form.birthday}
              onChange={(e) => set('birthday', e.currentTarget.value)}
              error={errors.birthday}
              data-testid="cf-birthday"
            />
            <Select
              label={t('fields.gender')}
              clearable
              value={form.gender}
              onChange={(v) => set('gender', (v as Gender | null) ?? null)}
              data={[
                { value: 'female', label: t('gender.female') },
                { value: 'male', label: t('gender.male') },
                { value: 'other', label: t('gender.other') },
              ]}
            />
            <Autocomplete
              label={t('fields.area')}
              value={form.area}
              onChange={(v) => set('area', v)}
              data={facets?.areas.map((a) => a.value) ?? []}
              filter={areaFilter}
              limit={8}
              error={errors.area}
              autoComplete="off"
              data-testid="cf-area"
            />
            <TagsInput
              label={t('fields.tags')}
              value={form.tags}
              onChange={(v) => set('tags', v)}
              data={facets?.tags.map((tag) => tag.value) ?? []}
              error={errors.tags}
            />
          </SimpleGrid>
          <TextInput
            label={t('fields.address')}
            value={form.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            error={errors.address}
          />
          <Textarea
            label={t('fields.notes')}
            value={form.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
            error={errors.notes}
            autosize
            minRows={2}
          />
          <Group align="flex-end">
            <Checkbox
              label={t('fields.consent')}
              checked={form.consent}
              onChange={(e) => set('consent', e.currentTarget.checked)}
              data-testid="cf-consent"
            />
            {form.consent && (
              <TextInput
                label={t('fields.consentSource')}
                placeholder={t('customerForm.consentSourceHint')}
                value={form.consentSource}
                onChange={(e) => set('consentSource', e.currentTarget.value)}
                style={{ flex: 1 }}
              />
            )}
          </Group>
          {/* The warning and the buttons stay in view at the dialog's foot: at 1024×700 the form is taller
              than the window, and a warning that came below the fold was missed (Enter again saved anyway). */}
          <Stack gap="sm" className="modal-actions" data-testid="cf-actions">
            {duplicates.length > 0 && (
              <Alert color="yellow" title={t('customerForm.duplicateTitle')} data-testid="duplicate-warning">
                {duplicates.map((d) => (
                  <div key={d.id}>
                    {t('customerForm.duplicateLine', { name: d.fullName, code: d.code, on: t(`fields.${d.matchedOn}`) })}
                  </div>
                ))}
                {confirmed && <div style={{ marginTop: 6 }}>{t('customerForm.duplicateConfirm')}</div>}
              </Alert>
            )}
            {errors._form && <Alert color="red">{errors._form}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="cf-save" data-save="customer">
                {confirmed && duplicates.length > 0 ? t('customerForm.saveAnyway') : t('common.save')}
              </Button>
            </Group>
          </Stack>
        </Stack>
      </form>
    </Modal>
  );
}
