import { Chip, Group, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_GROUPS, RULE_GENDERS, type RuleCondition } from '../../../../../shared/contract/segments';
import { RFM_SEGMENTS } from '../../../../../shared/rfm';
import { AreaField } from './AreaField';
import { ChoicePicker } from './ChoicePicker';
import { ConditionNumber } from './ConditionNumber';
import { DayWindowFields } from './DayWindowFields';
import type { IsBad } from './fieldParts';
import { PeriodEditor } from './PeriodEditor';
import { PurchaseDateFields } from './PurchaseDateFields';
import { RangeMoney } from './RangeMoney';
import { RangeNumbers } from './RangeNumbers';
import { TagsFields } from './TagsFields';
import { TierPicker } from './TierPicker';
import { ResponsiblePicker } from '../../staff/ResponsiblePicker';

// The contract's bounds (segments.ts). A points balance can be below zero, so its bounds take a minus sign.
const AGE = { min: 0, max: 150 };
const VISITS = { min: 0, max: 1_000_000_000_000 };
const POINTS = { min: -1_000_000_000_000, max: 1_000_000_000_000 };
const DAYS = { min: 1, max: 36_500 };

/** The values of a condition, laid out for its kind. */
export function ConditionFields({ value, onChange, bad }: { value: RuleCondition; onChange(c: RuleCondition): void; bad: IsBad }) {
  const { t } = useTranslation();
  switch (value.kind) {
    case 'age':
      return (
        <RangeNumbers
          min={value.min}
          max={value.max}
          onChange={(min, max) => onChange({ ...value, min, max })}
          bad={bad}
          unit={t('rules.years')}
          rule={AGE}
        />
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
      return <AreaField value={value} onChange={onChange} bad={bad('in')} />;
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
            rule={VISITS}
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
      return <PurchaseDateFields value={value} onChange={onChange} bad={bad} />;
    case 'points':
      return (
        <RangeNumbers
          min={value.min}
          max={value.max}
          onChange={(min, max) => onChange({ ...value, min, max })}
          bad={bad}
          unit={t('rules.pointsUnit')}
          rule={POINTS}
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
    case 'responsible':
      return <ResponsiblePicker value={value.in} onChange={(v) => onChange({ ...value, in: v })} bad={bad('in')} />;
    case 'tier':
      return <TierPicker value={value.in} onChange={(v) => onChange({ ...value, in: v })} bad={bad('in')} />;
    case 'tags':
      return <TagsFields value={value} onChange={onChange} bad={bad} />;
    case 'birthday':
    case 'purchaseAnniversary':
      return <DayWindowFields value={value} onChange={onChange} bad={bad} />;
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
    case 'unhappy':
      return (
        <Group gap="xs" wrap="nowrap" align="center">
          <Text size="sm">{t('feedback.unhappyWithin')}</Text>
          <ConditionNumber
            w={90}
            rule={DAYS}
            value={value.days}
            onValue={(n) => n !== null && onChange({ ...value, days: n })}
            bad={bad('days')}
            aria-label={t('rules.days')}
            data-testid="condition-unhappy-days"
          />
          <Text size="sm">{t('rules.daysUnit')}</Text>
        </Group>
      );
  }
}
