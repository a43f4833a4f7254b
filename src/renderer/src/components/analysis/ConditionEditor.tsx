import {
  ActionIcon,
  Chip,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Tooltip,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_GROUPS, RULE_GENDERS, type Period, type RuleCondition } from '../../../../shared/contract/segments';
import { formatAmountPlain, parseMoney } from '../../../../shared/money';
import { NO_TIER } from '../../../../shared/contract/tiers';
import { RFM_SEGMENTS } from '../../../../shared/rfm';
import { call } from '../../api/client';
import { useFacets } from '../../hooks/useFacets';
import { useFormat } from '../../hooks/useFormat';
import { DateField as DateInput } from '../DateField';
import { MoneyInput } from '../MoneyInput';
import { CONDITION_KINDS, defaultCondition, type ConditionKind } from './ruleModel';

interface Props {
  value: RuleCondition;
  onChange(next: RuleCondition): void;
  onRemove(): void;
  /** The translated error for this condition, if the backend refused it. */
  error?: string | null;
  /** Which part of it the error names ('min', 'period.days', 'in', '' for the whole). */
  errorField?: string;
  testId?: string;
}

const num = (v: number | string): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One condition of a segment: the kind on the left, its values, a remove button. */
export function ConditionEditor({ value, onChange, onRemove, error, errorField, testId }: Props) {
  const { t } = useTranslation();
  const bad = (name: string): boolean =>
    error != null && errorField !== undefined && (errorField === name || errorField.startsWith(name + '.'));
  const kindData = CONDITION_KINDS.map((k) => ({ value: k, label: t(`rules.kind.${k}`) }));

  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      data-testid={testId ?? 'condition'}
      style={error ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Select
            w={190}
            data={kindData}
            value={value.kind}
            allowDeselect={false}
            onChange={(k) => k && k !== value.kind && onChange(defaultCondition(k as ConditionKind))}
            aria-label={t('rules.kindLabel')}
            data-testid="condition-kind"
            comboboxProps={{ withinPortal: true }}
          />
          <Group gap="xs" style={{ flex: 1 }} align="flex-start">
            <Fields value={value} onChange={onChange} bad={bad} />
          </Group>
          <Tooltip label={t('rules.remove')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={onRemove}
              aria-label={t('rules.remove')}
              data-testid="remove-condition"
            >
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
        {error && (
          <Text size="sm" c="red" data-testid="condition-error">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Fields({ value, onChange, bad }: { value: RuleCondition; onChange(c: RuleCondition): void; bad(name: string): boolean }) {
  const { t } = useTranslation();
  const suggestions = useFacets();
  switch (value.kind) {
    case 'age':
      return (
        <>
          <RangeNumbers
            min={value.min}
            max={value.max}
            onChange={(min, max) => onChange({ ...value, min, max })}
            bad={bad}
            unit={t('rules.years')}
            lowest={0}
          />
        </>
      );
    case 'gender':
      return (
        <Chip.Group multiple value={value.in} onChange={(v) => onChange({ ...value, in: v as typeof value.in })}>
          <Group gap={6} mt={4}>
            {RULE_GENDERS.map((g) => (
              <Chip key={g} value={g} size="sm" color={bad('in') ? 'red' : undefined}>
                {t(`rules.gender.${g}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      );
    case 'area':
      return (
        <TagsInput
          style={{ flex: 1 }}
          miw={220}
          value={value.in}
          onChange={(v) => onChange({ ...value, in: v })}
          data={suggestions?.areas.map((a) => a.value) ?? []}
          limit={30}
          placeholder={t('rules.areaPlaceholder')}
          error={bad('in')}
          aria-label={t('rules.kind.area')}
          data-testid="condition-area"
          acceptValueOnBlur
        />
      );
    case 'visits':
      return (
        <>
          <PeriodEditor value={value.period} onChange={(period) => onChange({ ...value, period })} bad={bad} />
          <RangeNumbers
            min={value.min}
            max={value.max}
            onChange={(min, max) => onChange({ ...value, min, max })}
            bad={bad}
            unit={t('rules.visitsUnit')}
            lowest={0}
          />
        </>
      );
    case 'spend':
      return (
        <>
          <PeriodEditor value={value.period} onChange={(period) => onChange({ ...value, period })} bad={bad} />
          <RangeMoney min={value.min} max={value.max} onChange={(min, max) => onChange({ ...value, min, max })} bad={bad} />
        </>
      );
    case 'firstPurchase':
    case 'lastPurchase':
      return (
        <>
          <Select
            w={190}
            data={(['withinDays', 'notWithinDays', 'before', 'after'] as const).map((op) => ({
              value: op,
              label: t(`rules.purchaseOp.${op}`),
            }))}
            value={value.op}
            allowDeselect={false}
            onChange={(op) => op && onChange({ ...value, op: op as typeof value.op })}
            aria-label={t('rules.purchaseOpLabel')}
            data-testid="condition-op"
          />
          {value.op === 'before' || value.op === 'after' ? (
            <DateField
              value={value.date ?? ''}
              onChange={(date) => onChange({ ...value, date: date || null })}
              error={bad('date') || (bad('') && !value.date)}
              label={t('rules.date')}
            />
          ) : (
            <NumberInput
              hideControls
              w={130}
              min={1}
              max={36500}
              value={value.days ?? ''}
              onChange={(v) => onChange({ ...value, days: num(v) })}
              rightSection={
                <Text size="xs" c="dimmed">
                  {t('rules.daysUnit')}
                </Text>
              }
              rightSectionWidth={48}
              error={bad('days') || (bad('') && value.days == null)}
              aria-label={t('rules.days')}
              data-testid="condition-days"
            />
          )}
        </>
      );
    case 'points':
      return (
        <RangeNumbers
          min={value.min}
          max={value.max}
          onChange={(min, max) => onChange({ ...value, min, max })}
          bad={bad}
          unit={t('rules.pointsUnit')}
        />
      );
    case 'rfmSegment':
      return (
        <ChoicePicker
          options={RFM_SEGMENTS}
          labelKey="rfm.segment"
          value={value.in}
          onChange={(v) => onChange({ ...value, in: v })}
          bad={bad('in')}
          label={t('rules.kind.rfmSegment')}
          testId="condition-rfm"
        />
      );
    case 'lifecycle':
      return (
        <ChoicePicker
          options={LIFECYCLE_GROUPS}
          labelKey="lifecycle.group"
          value={value.in}
          onChange={(v) => onChange({ ...value, in: v })}
          bad={bad('in')}
          label={t('rules.kind.lifecycle')}
          testId="condition-lifecycle"
        />
      );
    case 'tier':
      return <TierPicker value={value.in} onChange={(v) => onChange({ ...value, in: v })} bad={bad('in')} />;
    case 'tags':
      return (
        <>
          <Select
            w={170}
            data={(['any', 'all', 'none'] as const).map((op) => ({ value: op, label: t(`rules.tagsOp.${op}`) }))}
            value={value.op}
            allowDeselect={false}
            onChange={(op) => op && onChange({ ...value, op: op as typeof value.op })}
            aria-label={t('rules.tagsOpLabel')}
          />
          <TagsInput
            style={{ flex: 1 }}
            miw={200}
            value={value.tags}
            onChange={(tags) => onChange({ ...value, tags })}
            data={suggestions?.tags.map((x) => x.value) ?? []}
            limit={30}
            placeholder={t('rules.tagsPlaceholder')}
            error={bad('tags')}
            aria-label={t('rules.kind.tags')}
            data-testid="condition-tags"
            acceptValueOnBlur
          />
        </>
      );
    case 'consent':
      return (
        <SegmentedControl
          value={value.marketing ? 'yes' : 'no'}
          onChange={(v) => onChange({ ...value, marketing: v === 'yes' })}
          data={[
            { value: 'yes', label: t('rules.consentYes') },
            { value: 'no', label: t('rules.consentNo') },
          ]}
        />
      );
  }
}

function DateField({ value, onChange, error, label }: { value: string; onChange(v: string): void; error: boolean; label: string }) {
  return <DateInput w={160} value={value} onChange={onChange} error={error || undefined} aria-label={label} data-testid="condition-date" />;
}

function PeriodEditor({ value, onChange, bad }: { value: Period; onChange(p: Period): void; bad(name: string): boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        w={150}
        data={(['lastDays', 'between', 'all'] as const).map((k) => ({ value: k, label: t(`rules.period.${k}`) }))}
        value={value.kind}
        allowDeselect={false}
        onChange={(k) => {
          if (k === 'all') onChange({ kind: 'all' });
          else if (k === 'lastDays') onChange({ kind: 'lastDays', days: 90 });
          else if (k === 'between') onChange({ kind: 'between', from: '', to: '' });
        }}
        aria-label={t('rules.periodLabel')}
        data-testid="condition-period"
      />
      {value.kind === 'lastDays' && (
        <NumberInput
          hideControls
          w={120}
          min={1}
          max={36500}
          value={value.days}
          onChange={(v) => onChange({ kind: 'lastDays', days: num(v) ?? 0 })}
          rightSection={
            <Text size="xs" c="dimmed">
              {t('rules.daysUnit')}
            </Text>
          }
          rightSectionWidth={48}
          error={bad('period.days')}
          aria-label={t('rules.days')}
          data-testid="period-days"
        />
      )}
      {value.kind === 'between' && (
        <>
          <DateField
            value={value.from}
            onChange={(from) => onChange({ ...value, from })}
            error={bad('period.from')}
            label={t('rules.from')}
          />
          <Text size="sm" c="dimmed">
            –
          </Text>
          <DateField value={value.to} onChange={(to) => onChange({ ...value, to })} error={bad('period.to')} label={t('rules.to')} />
        </>
      )}
    </Group>
  );
}

function RangeNumbers({
  min,
  max,
  onChange,
  bad,
  unit,
  lowest,
}: {
  min?: number | null;
  max?: number | null;
  onChange(min: number | null, max: number | null): void;
  bad(name: string): boolean;
  unit: string;
  lowest?: number;
}) {
  const { t } = useTranslation();
  const whole = bad('');
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <NumberInput
        hideControls
        w={110}
        min={lowest}
        allowDecimal={false}
        placeholder={t('rules.any')}
        value={min ?? ''}
        onChange={(v) => onChange(num(v), max ?? null)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≥
          </Text>
        }
        error={bad('min') || whole}
        aria-label={t('rules.atLeast')}
        data-testid="range-min"
      />
      <NumberInput
        hideControls
        w={110}
        min={lowest}
        allowDecimal={false}
        placeholder={t('rules.any')}
        value={max ?? ''}
        onChange={(v) => onChange(min ?? null, num(v))}
        leftSection={
          <Text size="xs" c="dimmed">
            ≤
          </Text>
        }
        error={bad('max') || whole}
        aria-label={t('rules.atMost')}
        data-testid="range-max"
      />
      <Text size="sm" c="dimmed">
        {unit}
      </Text>
    </Group>
  );
}

/** Money bounds typed as the shop writes amounts and kept in minor units. */
function RangeMoney({
  min,
  max,
  onChange,
  bad,
}: {
  min?: number | null;
  max?: number | null;
  onChange(min: number | null, max: number | null): void;
  bad(name: string): boolean;
}) {
  const { t } = useTranslation();
  const { currency, locale } = useFormat();
  const show = (v?: number | null): string => (v == null ? '' : formatAmountPlain(v, currency, locale));
  const [text, setText] = useState({ min: show(min), max: show(max) });
  const [local, setLocal] = useState<{ min?: string; max?: string }>({});

  function edit(which: 'min' | 'max', s: string): void {
    setText((prev) => ({ ...prev, [which]: s }));
    let value: number | null = null;
    if (s.trim() !== '') {
      const p = parseMoney(s, currency);
      if (!p.ok) {
        setLocal((prev) => ({ ...prev, [which]: t(`money.${p.reason}`) }));
        return;
      }
      value = p.minor;
    }
    setLocal((prev) => ({ ...prev, [which]: undefined }));
    if (which === 'min') onChange(value, max ?? null);
    else onChange(min ?? null, value);
  }

  const whole = bad('');
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <MoneyInput
        w={160}
        placeholder={t('rules.any')}
        value={text.min}
        onChange={(e) => edit('min', e.currentTarget.value)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≥
          </Text>
        }
        error={local.min ?? (bad('min') || whole)}
        aria-label={t('rules.atLeast')}
        data-testid="money-min"
      />
      <MoneyInput
        w={160}
        placeholder={t('rules.any')}
        value={text.max}
        onChange={(e) => edit('max', e.currentTarget.value)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≤
          </Text>
        }
        error={local.max ?? (bad('max') || whole)}
        aria-label={t('rules.atMost')}
        data-testid="money-max"
      />
    </Group>
  );
}

/** The shop's tier names (from the tier rule in settings), plus "no tier"; a removed tier stays pickable. */
function TierPicker({ value, onChange, bad }: { value: string[]; onChange(v: string[]): void; bad: boolean }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    void call('tiers.getRule', {}).then((r) => live && setNames(r.tiers.map((x) => x.name)));
    return () => {
      live = false;
    };
  }, []);
  const known = names ?? [];
  const data = [
    { value: NO_TIER, label: t('rules.tierNone') },
    ...known.map((n) => ({ value: n, label: n })),
    ...value.filter((v) => v !== NO_TIER && !known.includes(v)).map((v) => ({ value: v, label: t('rules.tierGone', { name: v }) })),
  ];
  return (
    <Stack gap={2} style={{ flex: 1 }}>
      <MultiSelect
        miw={260}
        data={data}
        value={value}
        onChange={onChange}
        error={bad}
        placeholder={t('rules.tierPlaceholder')}
        aria-label={t('rules.kind.tier')}
        data-testid="condition-tier"
      />
      {names !== null && names.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('rules.tierNoneConfigured')}
        </Text>
      )}
    </Stack>
  );
}

/** Any of a fixed list of values (RFM segments, lifecycle groups), labelled from the catalogue. */
function ChoicePicker<T extends string>(props: {
  options: readonly T[];
  labelKey: string;
  value: T[];
  onChange(v: T[]): void;
  bad: boolean;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <MultiSelect
      style={{ flex: 1 }}
      miw={260}
      data={props.options.map((o) => ({ value: o, label: t(`${props.labelKey}.${o}`) }))}
      value={props.value}
      onChange={(v) => props.onChange(v as T[])}
      error={props.bad}
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
