import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignAudience, CampaignOffer } from '../../../../shared/contract/campaigns';
import { LIFECYCLE_GROUPS, type LifecycleGroup, type SavedSegment } from '../../../../shared/contract/segments';
import { parseMoney } from '../../../../shared/money';
import { RFM_SEGMENTS, type RfmSegment } from '../../../../shared/rfm';
import { localDate } from '../../../../shared/time';
import { call } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { DateField } from '../DateField';
import { errorField, errorText, fieldErrorText } from '../errorText';
import { MoneyInput } from '../MoneyInput';
import { NumberField } from '../NumberField';
import { readNumbers, type NumberRule } from '../numberText';

type AudienceKind = CampaignAudience['kind'];
type OfferKind = CampaignOffer['kind'];

// The contract's bounds (campaigns.create), checked here so a number is refused as typed rather than changed.
const USAGE_LIMIT: NumberRule = { min: 1, max: 1_000_000 };
const PERCENT: NumberRule = { min: 1, max: 99 };
const POINTS: NumberRule = { min: 1, max: 1_000_000 };
const HOLDOUT: NumberRule = { min: 0, max: 50 };
type NumberKey = 'usageLimit' | 'percent' | 'points' | 'holdout';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A new campaign: who (with today's count), what, when. It is created as a draft; issuing is a separate step.
 * `segment` starts it for a saved segment (a follow-up list), named after it.
 */
export function CampaignForm({ onCancel, segment }: { onCancel(): void; segment?: { id: string; name: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { settings, navigate, touch } = useApp();
  const today = localDate(new Date(), settings?.timeZone ?? 'UTC');
  const [name, setName] = useState(segment?.name ?? '');
  const [kind, setKind] = useState<AudienceKind>(segment ? 'segment' : 'lifecycle');
  const [segmentId, setSegmentId] = useState<string | null>(segment?.id ?? null);
  const [rfm, setRfm] = useState<RfmSegment>('at_risk');
  const [group, setGroup] = useState<LifecycleGroup>('lapsed');
  const [tier, setTier] = useState<string | null>(null);
  const [offerKind, setOfferKind] = useState<OfferKind>('percent');
  const [amountText, setAmountText] = useState('');
  const [item, setItem] = useState('');
  const [minText, setMinText] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState(addDays(today, 30));
  const [segments, setSegments] = useState<SavedSegment[]>([]);
  const [tiers, setTiers] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Numbers as typed; one typed wrong is refused at its field, as typed, and nothing is created until it is right.
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>({ usageLimit: '100', percent: '10', points: '50', holdout: '0' });
  const [numberErrors, setNumberErrors] = useState<Partial<Record<NumberKey, string>>>({});
  const numberField = (key: NumberKey, label: string, testId: string, description?: string) => (
    <NumberField
      label={label}
      description={description}
      value={numbers[key]}
      onChange={(e) => {
        const text = e.currentTarget.value;
        setNumbers((n) => ({ ...n, [key]: text }));
        setNumberErrors((x) => ({ ...x, [key]: undefined }));
      }}
      error={numberErrors[key]}
      data-field={key}
      data-testid={testId}
    />
  );
  // A refusal about one field is shown under that field (a bare "please fill in this field" at the
  // bottom of the form did not say which one), and the field takes the focus.
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const errorFor = (field: string): string | undefined => (fieldError?.field === field ? fieldError.message : undefined);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    void call('segments.list', { withCounts: false }).then(setSegments, () => undefined);
    void call('tiers.getRule', {}).then(
      (r) => setTiers(r.tiers.map((x) => x.name)),
      () => undefined,
    );
  }, []);

  const audience: CampaignAudience | null =
    kind === 'segment'
      ? segmentId
        ? { kind, segmentId }
        : null
      : kind === 'rfm'
        ? { kind, segment: rfm }
        : kind === 'lifecycle'
          ? { kind, group }
          : kind === 'tier'
            ? tier
              ? { kind, tier }
              : null
            : { kind, usageLimit: 0 };
  const live = useApiQuery('campaigns.audienceCount', audience && kind !== 'flyer' ? { audience } : null, JSON.stringify(audience));

  const money = (text: string): number | null => {
    if (!settings || text.trim() === '') return null;
    const p = parseMoney(text, settings.currency);
    return p.ok ? p.minor : null;
  };

  async function create(): Promise<void> {
    if (!audience) return;
    // Only the fields on screen are read: a hidden one (the percent when the offer is points) is not asked about.
    const shown: Partial<Record<NumberKey, { text: string; rule: NumberRule }>> = {};
    const ask = (key: NumberKey, rule: NumberRule): void => void (shown[key] = { text: numbers[key], rule });
    if (kind === 'flyer') ask('usageLimit', USAGE_LIMIT);
    else ask('holdout', HOLDOUT);
    if (offerKind === 'percent') ask('percent', PERCENT);
    if (offerKind === 'points') ask('points', POINTS);
    const read = readNumbers(t, shown as Record<NumberKey, { text: string; rule: NumberRule }>);
    if (!read.ok) {
      setNumberErrors(read.errors);
      const first = (Object.keys(read.errors) as NumberKey[])[0];
      form.current?.querySelector<HTMLInputElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setNumberErrors({});
    const n = (key: NumberKey): number => read.values[key] ?? 0;
    const amount = money(amountText);
    const offer: CampaignOffer =
      offerKind === 'percent'
        ? { kind: 'percent', percent: n('percent') }
        : offerKind === 'amount'
          ? { kind: 'amount', amount: amount ?? 0 }
          : offerKind === 'item'
            ? { kind: 'item', text: item }
            : { kind: 'points', points: n('points') };
    if ((offerKind === 'amount' && amount === null) || (minText.trim() !== '' && money(minText) === null)) {
      setError(t('campaigns.amountInvalid'));
      return;
    }
    try {
      const c = await call('campaigns.create', {
        name,
        audience: audience.kind === 'flyer' ? { kind: 'flyer', usageLimit: n('usageLimit') } : audience,
        offer,
        minPurchase: money(minText) ?? 0,
        validFrom,
        validTo,
        holdoutPercent: kind === 'flyer' ? 0 : n('holdout'),
      });
      touch();
      navigate({ page: 'campaign', id: c.id });
    } catch (e) {
      const field = errorField(e);
      const input = field ? form.current?.querySelector<HTMLInputElement>(`[data-field="${field}"]`) : null;
      if (field && input) {
        setError(null);
        setFieldError({ field, message: fieldErrorText(t, e) });
        input.focus();
      } else {
        setFieldError(null);
        setError(errorText(t, e));
      }
    }
  }

  const kinds: AudienceKind[] = ['segment', 'rfm', 'lifecycle', 'tier', 'flyer'];
  const offers: OfferKind[] = ['percent', 'amount', 'item', 'points'];
  return (
    <Paper withBorder p="md" radius="md" data-testid="campaign-form">
      <form
        ref={form}
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Stack>
          <TextInput
            label={t('campaigns.name')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setFieldError(null);
            }}
            error={errorFor('name')}
            // Opened with the button, the form is typed into at once; opened for a segment, it is named already.
            autoFocus={!segment}
            data-field="name"
            data-testid="cp-name"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('campaigns.audience')}
              data={kinds.map((k) => ({ value: k, label: t(`campaigns.audienceKind.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as AudienceKind)}
              allowDeselect={false}
              data-testid="cp-audience-kind"
            />
            {kind === 'segment' && (
              <Select
                label={t('campaigns.pickSegment')}
                data={segments.map((s) => ({ value: s.id, label: s.name }))}
                value={segmentId}
                onChange={setSegmentId}
                description={segments.length === 0 ? t('campaigns.noSegments') : undefined}
                data-testid="cp-segment"
              />
            )}
            {kind === 'rfm' && (
              <Select
                label={t('campaigns.pickRfm')}
                data={RFM_SEGMENTS.map((s) => ({ value: s, label: t(`rfm.segment.${s}`) }))}
                value={rfm}
                onChange={(v) => v && setRfm(v as RfmSegment)}
                allowDeselect={false}
                data-testid="cp-rfm"
              />
            )}
            {kind === 'lifecycle' && (
              <Select
                label={t('campaigns.pickLifecycle')}
                data={LIFECYCLE_GROUPS.map((g) => ({ value: g, label: t(`lifecycle.group.${g}`) }))}
                value={group}
                onChange={(v) => v && setGroup(v as LifecycleGroup)}
                allowDeselect={false}
                data-testid="cp-lifecycle"
              />
            )}
            {kind === 'tier' && (
              <Select
                label={t('campaigns.pickTier')}
                data={tiers}
                value={tier}
                onChange={setTier}
                description={tiers.length === 0 ? t('campaigns.noTiers') : undefined}
                data-testid="cp-tier"
              />
            )}
            {kind === 'flyer' && numberField('usageLimit', t('campaigns.usageLimit'), 'cp-usage-limit')}
          </SimpleGrid>
          {kind !== 'flyer' && (
            <Text size="sm" c="dimmed" data-testid="cp-live-count">
              {live.data ? t('campaigns.liveCount', { count: live.data.count, n: f.number(live.data.count) }) : '\u00a0'}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('campaigns.offer')}
              data={offers.map((k) => ({ value: k, label: t(`campaigns.offerKind.${k}`) }))}
              value={offerKind}
              onChange={(v) => v && setOfferKind(v as OfferKind)}
              allowDeselect={false}
              data-testid="cp-offer-kind"
            />
            {offerKind === 'percent' && numberField('percent', t('campaigns.percent'), 'cp-percent')}
            {offerKind === 'amount' && (
              <MoneyInput
                label={t('campaigns.amount')}
                value={amountText}
                onChange={(e) => setAmountText(e.currentTarget.value)}
                data-testid="cp-amount"
              />
            )}
            {offerKind === 'item' && (
              <TextInput label={t('campaigns.item')} value={item} onChange={(e) => setItem(e.currentTarget.value)} data-testid="cp-item" />
            )}
            {offerKind === 'points' && numberField('points', t('campaigns.points'), 'cp-points')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <MoneyInput
              label={t('campaigns.minPurchase')}
              value={minText}
              onChange={(e) => setMinText(e.currentTarget.value)}
              error={errorFor('minPurchase')}
              data-field="minPurchase"
              data-testid="cp-min"
            />
            <DateField
              label={t('campaigns.validFrom')}
              value={validFrom}
              onChange={setValidFrom}
              error={errorFor('validFrom')}
              data-field="validFrom"
              data-testid="cp-from"
            />
            <DateField
              label={t('campaigns.validTo')}
              value={validTo}
              onChange={setValidTo}
              error={errorFor('validTo')}
              data-field="validTo"
              data-testid="cp-to"
            />
          </SimpleGrid>
          {kind !== 'flyer' && numberField('holdout', t('campaigns.holdout'), 'cp-holdout', t('campaigns.holdoutHint'))}
          {error && (
            <Alert color="red" data-testid="cp-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('campaigns.cancel')}
            </Button>
            <Button type="submit" disabled={!audience} data-testid="cp-create">
              {t('campaigns.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
