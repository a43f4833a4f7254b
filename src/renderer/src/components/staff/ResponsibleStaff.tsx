import { Group, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useStaff } from '../../stores/staff';
import { errorText } from '../errorText';

/** The customer page's "responsible staff": shown to everyone signed in, changed by the owner. */
export function ResponsibleStaff({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const status = useStaff((s) => s.status);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const current = useApiQuery('staff.responsibleFor', { customerId }, `${customerId}|${version}`, 0);
  // No accounts: nobody to name. The owner (or a shop without PINs) picks; others only read.
  const canPick = status?.signedIn?.role === 'owner';
  const people = useApiQuery('staff.list', canPick ? {} : null, '', 0).data ?? [];
  if (!status?.accountsExist) return null;
  const name = current.data?.name ?? t('staff.responsibleNone');
  return (
    <Group gap="xs" data-testid="responsible-staff">
      <Text size="sm" c="dimmed">
        {t('staff.responsible')}
      </Text>
      {canPick ? (
        <Select
          size="xs"
          w={180}
          data={people.filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
          value={current.data?.staffId ?? null}
          placeholder={t('staff.responsibleNone')}
          clearable
          onChange={(staffId) =>
            void call('staff.setResponsible', { customerId, staffId }).then(
              () => {
                setError(null);
                setVersion((v) => v + 1);
              },
              (e: unknown) => setError(errorText(t, e)),
            )
          }
          data-testid="responsible-select"
        />
      ) : (
        <Text size="sm" data-testid="responsible-name">
          {name}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Group>
  );
}
