import { Badge, Button, Group, Modal, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sale } from '../../../shared/domain';
import { call } from '../api/client';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { errorText } from './errorText';

/** Purchases with their points and a void action that asks for a reason. */
export function SalesTable({ sales, showCustomer, showDate }: { sales: Sale[]; showCustomer?: boolean; showDate?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const touch = useApp((s) => s.touch);
  const [voiding, setVoiding] = useState<Sale | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function confirmVoid(): Promise<void> {
    if (!voiding) return;
    if (reason.trim() === '') {
      setError(t('sales.voidReasonRequired'));
      return;
    }
    try {
      await call('sales.void', { saleId: voiding.id, reason });
      setVoiding(null);
      touch();
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  if (sales.length === 0) return <Text c="dimmed">{t('sales.none')}</Text>;
  return (
    <>
      <Table striped highlightOnHover data-testid="sales-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{showDate ? t('sales.when') : t('sales.time')}</Table.Th>
            {showCustomer && <Table.Th>{t('sales.customer')}</Table.Th>}
            <Table.Th style={{ textAlign: 'right' }}>{t('sales.amount')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('sales.points')}</Table.Th>
            <Table.Th>{t('sales.note')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.map((s) => (
            <Table.Tr key={s.id} data-testid="sale-row" style={s.voidedAt ? { opacity: 0.55 } : undefined}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{showDate ? f.dateTime(s.soldAt) : f.time(s.soldAt)}</Table.Td>
              {showCustomer && <Table.Td>{s.customerName ?? t('sales.walkIn')}</Table.Td>}
              <Table.Td style={{ textAlign: 'right', textDecoration: s.voidedAt ? 'line-through' : undefined }}>{f.money(s.amount)}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{s.points > 0 ? `+${f.number(s.points)}` : '—'}</Table.Td>
              <Table.Td>{s.note}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                {s.voidedAt ? (
                  <Badge color="gray" variant="light" title={s.voidReason ?? ''}>
                    {t('sales.voided')}
                  </Badge>
                ) : (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => {
                      setVoiding(s);
                      setReason('');
                      setError(null);
                    }}
                  >
                    {t('sales.void')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={voiding !== null} onClose={() => setVoiding(null)} title={t('sales.voidTitle')}>
        {voiding && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void confirmVoid();
            }}
          >
            <Text mb="sm">{t('sales.voidExplain', { amount: f.money(voiding.amount), points: voiding.points })}</Text>
            <TextInput label={t('sales.voidReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} data-autofocus />
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={() => setVoiding(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" type="submit">
                {t('sales.confirmVoid')}
              </Button>
            </Group>
          </form>
        )}
      </Modal>
    </>
  );
}
