import { TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../../shared/contract/segments';
import { useFacets } from '../../../hooks/useFacets';

type Area = Extract<RuleCondition, { kind: 'area' }>;

/** Lives in any of the given areas, suggesting the areas in use (so "Quận 1" is not typed as "Q1"). */
export function AreaField({ value, onChange, bad }: { value: Area; onChange(c: Area): void; bad: boolean }) {
  const { t } = useTranslation();
  const suggestions = useFacets();
  return (
    <TagsInput
      style={{ flex: 1 }}
      miw={220}
      value={value.in}
      onChange={(v) => onChange({ ...value, in: v })}
      data={suggestions?.areas.map((a) => a.value) ?? []}
      limit={30}
      placeholder={t('rules.areaPlaceholder')}
      error={bad}
      aria-label={t('rules.kind.area')}
      data-testid="condition-area"
      acceptValueOnBlur
    />
  );
}
