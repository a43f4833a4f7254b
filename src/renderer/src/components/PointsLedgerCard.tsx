import { Alert, Button, Card, Checkbox, Group, Modal, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { errorField, errorText } from './errorText';
import { NumberField } from './NumberField';
import { parseNumberText, numberProblemText, type NumberRule } from './numberText';
import { reasonText } from './pointsReason';

// points.adjust's bounds. Taking points away is an adjustment too, so the minus sign is read, never dropped.
const ADJUSTMENT: NumberRule = { min: -1_000_000_000, max: 1_000_000_000 };

/** A customer's whole points ledger (newest first, each row with the balance after it), what expires when, and the owner's adjustment. */
export function PointsLedgerCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { revision, touch } = useApp();
  const { data } = useApiQuery('points.ledger', { customerId }, `${customerId}|${revision}`, 0);
  const [open, setOpen] = useState(false);
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [belowZero, setBelowZero] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function save(): Promise<void> {
    const typed = parseNumberText(points, ADJUSTMENT);
    if (!typed.ok) {
      setErrors({ points: numberProblemText(t, typed.reason, ADJUSTMENT) });
      return;
    }
    try {
      await call('points.adjust', { customerId, points: typed.value, reason, belowZero });
      setOpen(false);
      setPoints('');
      setReason('');
      setBelowZero(false);
      setErrors({});
      touch();
    } catch (e) {
      const field = errorField(e);
      setErrors({ [field === 'reason' || field === 'points' ? field : '_form']: errorText(t, e) });
    }
  }

  const rows = data ? [...data.entries].reverse() : [];
  // One line a day: the lots of one day's purchases expire together, and "48 points on 1 Dec 2027"
  // three times over read like three different deadlines.
  const expiring = new Map<string, number>();
  for (const x of data?.expiring ?? []) expiring.set(f.date(x.expiresAt), (expiring.get(f.date(x.expiresAt)) ?? 0) + x.points);
  return (
    <Card withBorder radius="md" data-testid="points-ledger">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('points.ledgerTitle')}</Title>
        <Button variant="light" size="xs" onClick={() => setOpen(true)} data-testid="points-adjust">
          {t('points.adjust')}
        </Button>
      </Group>
      {expiring.size > 0 && (
        <Alert color="yellow" mb="sm" title={t('points.expiringTitle')} data-testid="points-expiring">
          {[...expiring].map(([date, points]) => (
            <Text size="sm" key={date} data-testid="points-expiring-row">
              {t('points.expiringRow', { points: f.number(points), date })}
            </Text>
          ))}
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('points.empty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={360}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('points.colDate')}</Table.Th>
                <Table.Th>{t('points.colKind')}</Table.Th>
                <Table.Th ta="right">{t('points.colPoints')}</Table.Th>
                <Table.Th>{t('points.colReason')}</Table.Th>
                <Table.Th ta="right">{t('points.colBalance')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id} data-testid="points-row">
                  <Table.Td>{f.dateTime(e.at)}</Table.Td>
                  <Table.Td>{t(`points.kind.${e.kind}`)}</Table.Td>
                  <Table.Td ta="right" c={e.points < 0 ? 'red.8' : undefined}>
                    {e.points > 0 ? `+${f.number(e.points)}` : f.number(e.points)}
                  </Table.Td>
                  <Table.Td>{reasonText(t, e, (iso) => f.date(iso))}</Table.Td>
                  <Table.Td ta="right">{f.number(e.balance)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('points.adjust')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            <NumberField
              label={t('points.adjustPoints')}
              value={points}
              onChange={(e) => {
                setPoints(e.currentTarget.value);
                setErrors(({ points: _, ...rest }) => rest);
              }}
              error={errors.points}
              data-autofocus
              data-testid="adjust-points"
            />
            <TextInput
              label={t('points.adjustReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
              required
              data-testid="adjust-reason"
            />
            <Checkbox
              label={t('points.adjustBelowZero')}
              checked={belowZero}
              onChange={(e) => setBelowZero(e.currentTarget.checked)}
              data-testid="adjust-below-zero"
            />
            {errors._form && <Alert color="red">{errors._form}</Alert>}
            <Group justify="flex-end">
              <Button type="submit" data-testid="adjust-save">
                {t('points.adjustSave')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
