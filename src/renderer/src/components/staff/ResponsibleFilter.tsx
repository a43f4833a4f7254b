import { Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResponsibleFilter as Filter } from '../../../../shared/contract/core';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useApp } from '../../stores/app';
import { useStaff } from '../../stores/staff';

export const ANYONE: Filter = { who: 'anyone' };

// A Select holds strings; a staff id is never 'anyone' or 'nobody' once prefixed.
const toValue = (f: Filter): string => (f.who === 'staff' ? `staff:${f.staffId}` : f.who);
const toFilter = (v: string | null): Filter =>
  v === null || v === 'anyone' ? ANYONE : v === 'nobody' ? { who: 'nobody' } : { who: 'staff', staffId: v.slice('staff:'.length) };

/**
 * The customer list's "Responsible: anyone / nobody / a staff member" (issue 19). A shop without
 * accounts has nobody to name, so it shows nothing there.
 */
export function ResponsibleFilter({ value, onChange }: { value: Filter; onChange(f: Filter): void }) {
  const { t } = useTranslation();
  const { revision } = useApp();
  const accountsExist = useStaff((s) => s.status?.accountsExist ?? false);
  const people = useApiQuery('staff.names', accountsExist ? {} : null, String(revision), 0).data ?? [];
  if (!accountsExist) return null;
  const data = [
    { value: 'anyone', label: t('staff.responsibleAnyone') },
    { value: 'nobody', label: t('staff.responsibleNone') },
    ...people.map((p) => ({ value: `staff:${p.id}`, label: p.active ? p.name : t('staff.responsibleFormer', { name: p.name }) })),
  ];
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c="dimmed">
        {t('staff.responsible')}
      </Text>
      <Select
        w={200}
        data={data}
        value={toValue(value)}
        onChange={(v) => onChange(toFilter(v))}
        allowDeselect={false}
        maxDropdownHeight={260}
        aria-label={t('staff.responsible')}
        data-testid="responsible-filter"
      />
    </Group>
  );
}
