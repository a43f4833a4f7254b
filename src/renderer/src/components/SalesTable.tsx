import { Badge, Button, Group, Modal, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
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
  const navigate = useApp((s) => s.navigate);
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
      {/*
        Three columns so the void action always fits, even in the counter's narrow column at 1024 px:
        the first takes what is left and truncates (the full text is in its title), the amount never
        wraps, the action keeps its width.
      */}
      <Table striped highlightOnHover horizontalSpacing={8} data-testid="sales-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{showCustomer ? t('sales.customer') : showDate ? t('sales.when') : t('sales.time')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('sales.amount')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('sales.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.map((s) => {
            const when = showDate ? f.dateTime(s.soldAt) : f.time(s.soldAt);
            // An erased customer's name is empty: say so rather than show a blank or "walk-in".
            const who = showCustomer ? s.customerName || (s.customerId ? t('privacy.erasedName') : t('sales.walkIn')) : when;
            const detail = [showCustomer ? when : null, s.note].filter(Boolean).join(' · ');
            return (
              <Table.Tr key={s.id} data-testid="sale-row" style={s.voidedAt ? { opacity: 0.55 } : undefined}>
                <Table.Td style={{ width: '100%', maxWidth: 0 }}>
                  <Text size="sm" truncate="end" title={who}>
                    {who}
                  </Text>
                  {detail && (
                    <Text size="xs" c="dimmed" truncate="end" title={detail} data-testid="sale-detail">
                      {detail}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <Text size="sm" style={{ textDecoration: s.voidedAt ? 'line-through' : undefined }}>
                    {f.money(s.amount)}
                  </Text>
                  {s.couponCode && s.amountBefore !== null && (
                    <Text size="xs" c="teal.8" title={s.couponCode} data-testid="sale-coupon-discount">
                      {t('coupon.inList', { discount: f.money(s.amountBefore - s.amount) })}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" title={t('sales.points')}>
                    {s.points > 0 ? t('sales.pointsEarned', { points: f.number(s.points) }) : '\u00a0'}
                  </Text>
                  {s.pointsRedeemed > 0 && (
                    <Text size="xs" c="orange.8" data-testid="sale-points-redeemed">
                      {t('points.inList', { points: f.number(s.pointsRedeemed), value: f.money(s.redeemedValue) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => navigate({ page: 'receipt', id: s.id })}
                    title={t('receipt.openFor')}
                    data-testid="sale-receipt"
                  >
                    {t('receipt.open')}
                  </Button>
                  {s.voidedAt ? (
                    <Badge color="gray" variant="light" title={s.voidReason ?? ''}>
                      {t('sales.voided')}
                    </Badge>
                  ) : (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      data-testid="void-sale"
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
            );
          })}
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
            <TextInput
              label={t('sales.voidReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={error}
              data-autofocus
            />
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={() => setVoiding(null)} data-testid="void-keep">
                {t('sales.keep')}
              </Button>
              <Button color="red" type="submit" data-testid="void-confirm">
                {t('sales.confirmVoid')}
              </Button>
            </Group>
          </form>
        )}
      </Modal>
    </>
  );
}
