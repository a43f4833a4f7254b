import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MERGE_FIELDS, type MergeField, type MergeSide } from '../../../../shared/contract/privacy';
import type { Customer } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';
import { fieldText } from './mergeFields';

/**
 * "Merge with…": find the other record of this person, see both side by side, pick per field
 * which value stays, then merge. The customer whose page this is stays unless the owner swaps.
 */
export function MergeCustomerModal({
  customer,
  opened,
  onClose,
  onMerged,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
  onMerged: (survivorId: string) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [otherId, setOtherId] = useState<string | null>(null);

  const close = (): void => {
    setQuery('');
    setOtherId(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} size="xl" title={t('privacy.merge.title', { code: customer.code })}>
      {otherId ? (
        <MergeChooser
          here={customer}
          otherId={otherId}
          onBack={() => setOtherId(null)}
          onMerged={(survivorId) => {
            setQuery('');
            setOtherId(null);
            onMerged(survivorId);
          }}
        />
      ) : (
        <Stack>
          <TextInput
            label={t('privacy.merge.find')}
            placeholder={t('counter.scanPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-autofocus
            data-testid="merge-search"
          />
          <MergeCandidates query={query} exceptId={customer.id} onPick={setOtherId} />
        </Stack>
      )}
    </Modal>
  );
}

function MergeCandidates({ query, exceptId, onPick }: { query: string; exceptId: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const q = query.trim();
  const { data } = useApiQuery('customers.search', q ? { query: q, limit: 8 } : null, q);
  if (!q || !data) return null;
  const items = data.items.filter((c) => c.id !== exceptId);
  if (items.length === 0) return <Text c="dimmed">{t('privacy.merge.noneFound')}</Text>;
  return (
    <Stack gap={4}>
      {items.map((c) => (
        <UnstyledButton key={c.id} onClick={() => onPick(c.id)} data-testid="merge-candidate" p="xs" style={{ borderRadius: 6 }}>
          <Text fw={600}>{c.fullName}</Text>
          <Text size="sm" c="dimmed">
            {[c.code, c.phone, c.email].filter(Boolean).join(' · ')}
          </Text>
        </UnstyledButton>
      ))}
    </Stack>
  );
}

function MergeChooser({
  here,
  otherId,
  onBack,
  onMerged,
}: {
  here: Customer;
  otherId: string;
  onBack: () => void;
  onMerged: (survivorId: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { data, error: loadError } = useApiQuery('customers.get', { id: otherId }, otherId, 0);
  const [hereStays, setHereStays] = useState(true);
  const [picked, setPicked] = useState<Partial<Record<MergeField, 'here' | 'other'>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (loadError) return <Alert color="red">{loadError}</Alert>;
  if (!data) return null;
  const other = data.customer;
  const survivor = hereStays ? here : other;
  const absorbed = hereStays ? other : here;
  const text = (c: Customer, field: MergeField): string => fieldText(t, c, field, f.day);
  // A field empty on one side defaults to the side that has it; otherwise the survivor's.
  const sideOf = (field: MergeField): 'here' | 'other' => {
    const chosen = picked[field];
    if (chosen) return chosen;
    const survivorSide = hereStays ? 'here' : 'other';
    const absorbedSide = hereStays ? 'other' : 'here';
    return text(survivor, field) === '' && text(absorbed, field) !== '' ? absorbedSide : survivorSide;
  };

  async function merge(): Promise<void> {
    setBusy(true);
    setError(null);
    const choices: Partial<Record<MergeField, MergeSide>> = {};
    for (const field of MERGE_FIELDS) {
      const fromHere = sideOf(field) === 'here';
      choices[field] = fromHere === hereStays ? 'survivor' : 'absorbed';
    }
    try {
      const r = await call('customers.merge', { survivorId: survivor.id, absorbedId: absorbed.id, choices });
      onMerged(r.survivorId);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const column = (c: Customer, side: 'here' | 'other') => (
    <Stack gap={0}>
      <Text fw={600}>{c.code}</Text>
      <Text size="xs" c={(side === 'here') === hereStays ? 'green' : 'dimmed'}>
        {(side === 'here') === hereStays ? t('privacy.merge.stays') : t('privacy.merge.hidden')}
      </Text>
    </Stack>
  );

  return (
    <Stack>
      <Table data-testid="merge-fields" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{column(here, 'here')}</Table.Th>
            <Table.Th>{column(other, 'other')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {MERGE_FIELDS.map((field) => {
            const a = text(here, field);
            const b = text(other, field);
            const same = a === b;
            const cell = (side: 'here' | 'other', value: string) =>
              same ? (
                <Text size="sm">{value || '—'}</Text>
              ) : (
                <Radio
                  checked={sideOf(field) === side}
                  onChange={() => setPicked({ ...picked, [field]: side })}
                  label={value || '—'}
                  data-testid={`merge-${field}-${side}`}
                />
              );
            return (
              <Table.Tr key={field}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {t(`privacy.merge.field.${field}`)}
                  </Text>
                </Table.Td>
                <Table.Td>{cell('here', a)}</Table.Td>
                <Table.Td>{cell('other', b)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Alert color="yellow" variant="light">
        {t('privacy.merge.explain', { survivor: survivor.code, absorbed: absorbed.code })}
      </Alert>
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="space-between">
        <Group>
          <Button variant="default" onClick={onBack}>
            {t('common.goBack')}
          </Button>
          <Button variant="subtle" onClick={() => (setHereStays(!hereStays), setPicked({}))} data-testid="merge-swap">
            {t('privacy.merge.swap', { code: absorbed.code })}
          </Button>
        </Group>
        <Button color="orange" onClick={() => void merge()} loading={busy} data-testid="merge-confirm">
          {t('privacy.merge.confirm', { absorbed: absorbed.code, survivor: survivor.code })}
        </Button>
      </Group>
    </Stack>
  );
}
