import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PIN_MAX, STAFF_ROLES, type StaffMember, type StaffRole } from '../../../../shared/contract/staff';
import { call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useApp } from '../../stores/app';
import { useStaff } from '../../stores/staff';

const digits = (s: string): string => s.replace(/\D/g, '').slice(0, PIN_MAX);

/** Settings → Staff (the owner's): the owner's PIN on a shop without one, then people, roles and PINs. */
export function StaffPage() {
  const { t } = useTranslation();
  const status = useStaff((s) => s.status);
  return (
    <Stack gap="md" maw={820}>
      <Title order={2}>{t('staff.title')}</Title>
      {status && !status.accountsExist ? <OwnerSetup /> : <StaffList />}
    </Stack>
  );
}

/** A shop run without PINs until the owner sets one here (or at first run). */
export function OwnerSetup() {
  const { t } = useTranslation();
  const setStatus = useStaff((s) => s.setStatus);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" data-testid="owner-setup">
      <Stack gap="sm">
        <Text size="sm">{t('staff.noAccounts')}</Text>
        <TextInput label={t('staff.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="owner-name" />
        <PasswordInput
          label={t('staff.ownerPin')}
          value={pin}
          onChange={(e) => setPin(digits(e.currentTarget.value))}
          inputMode="numeric"
          autoComplete="off"
          data-testid="owner-pin"
        />
        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button
            data-testid="owner-save"
            onClick={() =>
              void call('staff.setupOwner', { name, pin })
                .then(() => call('staff.status', {}))
                .then(setStatus, (e: unknown) => setError(errorText(t, e)))
            }
          >
            {t('staff.setOwnerPin')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function StaffList() {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision);
  const [version, setVersion] = useState(0);
  const { data, error } = useApiQuery('staff.list', {}, `${revision}|${version}`, 0);
  const changed = (): void => setVersion((v) => v + 1);
  return (
    <>
      {error && <Alert color="red">{error}</Alert>}
      {data && (
        <Table data-testid="staff-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staff.name')}</Table.Th>
              <Table.Th>{t('staff.role')}</Table.Th>
              <Table.Th>{t('staff.active')}</Table.Th>
              <Table.Th>{t('staff.newPin')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.map((m) => (
              <StaffRow key={m.id} member={m} onChanged={changed} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data && <AddStaff onAdded={changed} />}
    </>
  );
}

function RoleSelect(props: { value: StaffRole; onChange: (r: StaffRole) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Select
      size="xs"
      w={140}
      data={STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.roles.${r}`) }))}
      value={props.value}
      onChange={(v) => v && props.onChange(v as StaffRole)}
      allowDeselect={false}
      data-testid={props.testId}
    />
  );
}

function StaffRow({ member, onChanged }: { member: StaffMember; onChanged: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const update = (patch: { role?: StaffRole; active?: boolean; pin?: string }): void =>
    void call('staff.update', { id: member.id, ...patch }).then(
      () => {
        setError(null);
        setPin('');
        onChanged();
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  return (
    <Table.Tr data-testid={`staff-row-${member.name}`}>
      <Table.Td>
        {member.name} {!member.active && <Badge color="gray">{t('staff.inactive')}</Badge>}
        {error && (
          <Text c="red" size="xs">
            {error}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <RoleSelect value={member.role} onChange={(role) => update({ role })} testId={`staff-role-${member.name}`} />
      </Table.Td>
      <Table.Td>
        <Switch checked={member.active} onChange={(e) => update({ active: e.currentTarget.checked })} aria-label={t('staff.active')} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <PasswordInput size="xs" w={110} value={pin} onChange={(e) => setPin(digits(e.currentTarget.value))} autoComplete="off" />
          <Button size="xs" variant="light" disabled={pin === ''} onClick={() => update({ pin })}>
            {t('staff.savePin')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function AddStaff({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('staff');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('staff.add')}</Title>
        <Group align="flex-end">
          <TextInput label={t('staff.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="staff-add-name" />
          <div>
            <Text size="sm" fw={500}>
              {t('staff.role')}
            </Text>
            <RoleSelect value={role} onChange={setRole} testId="staff-add-role" />
          </div>
          <PasswordInput
            label={t('staff.pin')}
            w={140}
            value={pin}
            onChange={(e) => setPin(digits(e.currentTarget.value))}
            inputMode="numeric"
            autoComplete="off"
            data-testid="staff-add-pin"
          />
          <Button
            data-testid="staff-add-save"
            onClick={() =>
              void call('staff.create', { name, role, pin }).then(
                () => {
                  setName('');
                  setPin('');
                  setError(null);
                  onAdded();
                },
                (e: unknown) => setError(errorText(t, e)),
              )
            }
          >
            {t('staff.addSave')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" data-testid="staff-add-error">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
