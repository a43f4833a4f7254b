import { Alert, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS as ACTIONS } from '../../../../shared/auditActions';
import type { AuditEntry } from '../../../../shared/contract/staff';
import { call } from '../../api/client';
import { DateField } from '../../components/DateField';
import { AuditDetail } from '../../components/staff/AuditDetail';
import { errorText } from '../../components/errorText';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useApp } from '../../stores/app';

const PAGE = 100;

/** Who did what and when, newest first, filtered by day, person and action (the owner's). */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const timeZone = useApp((s) => s.settings?.timeZone);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [staffId, setStaffId] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const people = useApiQuery('staff.list', {}, '', 0).data ?? [];

  const filters = { from: from || undefined, to: to || undefined, staffId: staffId ?? undefined, action: action ?? undefined };
  const key = JSON.stringify(filters);

  async function load(before?: number): Promise<void> {
    try {
      const r = await call('audit.list', { ...filters, before, limit: PAGE });
      setEntries((e) => (before === undefined ? r.entries : [...e, ...r.entries]));
      setMore(r.more);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filters, as one key
  }, [key]);

  const actionLabel = (a: string): string => t(`staff.actions.${a.replace('.', '_')}`, { defaultValue: a });
  const when = (at: string): string => new Date(at).toLocaleString(i18n.language, { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  // An account of another till (accounts are not synced) by the name that till sent, or as its till's staff.
  const person = (e: AuditEntry): string =>
    e.staffName ??
    (e.staffId !== null && e.till !== null ? t('staff.staffOfTill', { till: e.till }) : e.via === 'cli' ? t('staff.viaCli') : '—');
  const staffNames = new Map(people.map((p) => [p.id, p.name]));

  return (
    <Stack gap="md">
      <Title order={2}>{t('staff.auditTitle')}</Title>
      <Group align="flex-end">
        <DateField label={t('staff.from')} value={from} onChange={setFrom} w={150} />
        <DateField label={t('staff.to')} value={to} onChange={setTo} w={150} />
        <Select
          label={t('staff.person')}
          data={people.map((p) => ({ value: p.id, label: p.name }))}
          value={staffId}
          onChange={setStaffId}
          clearable
          w={180}
          data-testid="audit-person"
        />
        <Select
          label={t('staff.action')}
          data={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          value={action}
          onChange={setAction}
          clearable
          searchable
          w={220}
          data-testid="audit-action"
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Table data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('staff.when')}</Table.Th>
            <Table.Th>{t('staff.till')}</Table.Th>
            <Table.Th>{t('staff.person')}</Table.Th>
            <Table.Th>{t('staff.action')}</Table.Th>
            <Table.Th>{t('staff.detail')}</Table.Th>
            <Table.Th>{t('staff.approvedBy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.seq} data-testid="audit-row" data-action={e.action}>
              <Table.Td>{when(e.at)}</Table.Td>
              <Table.Td data-testid="audit-till">{e.till ?? '—'}</Table.Td>
              <Table.Td>{person(e)}</Table.Td>
              <Table.Td>{actionLabel(e.action)}</Table.Td>
              <Table.Td>
                <AuditDetail detail={e.detail} staffNames={staffNames} />
              </Table.Td>
              <Table.Td>{e.approvedBy ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {entries.length === 0 && !error && <Text c="dimmed">{t('staff.auditEmpty')}</Text>}
      {more && (
        <Button variant="light" onClick={() => void load(entries.at(-1)?.seq)}>
          {t('staff.more')}
        </Button>
      )}
    </Stack>
  );
}
