import { MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RESPONSIBLE_NONE } from '../../../../shared/contract/segments';
import { useApiQuery } from '../../hooks/useApiQuery';

/** A segment condition's staff members (issue 19), plus "nobody responsible". */
export function ResponsiblePicker({ value, onChange, bad }: { value: string[]; onChange(v: string[]): void; bad: boolean }) {
  const { t } = useTranslation();
  const people = useApiQuery('staff.list', {}, '', 0).data ?? [];
  const data = [
    { value: RESPONSIBLE_NONE, label: t('staff.responsibleNone') },
    ...people.map((p) => ({ value: p.id, label: p.name })),
    ...value.filter((v) => v !== RESPONSIBLE_NONE && !people.some((p) => p.id === v)).map((v) => ({ value: v, label: v })),
  ];
  return (
    <MultiSelect
      miw={260}
      data={data}
      value={value}
      onChange={onChange}
      error={bad}
      aria-label={t('rules.kind.responsible')}
      data-testid="condition-responsible"
    />
  );
}
