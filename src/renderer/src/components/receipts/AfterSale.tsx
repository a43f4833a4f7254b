import { ActionIcon, Alert, Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RATINGS } from '../../../../shared/contract/receipts';
import { call } from '../../api/client';
import { newRequestKey } from '../../api/requestKey';
import { useApp } from '../../stores/app';
import { errorText } from '../errorText';

export interface LastSale {
  id: string;
  /** The sale's customer, or null for a walk-in (no rating then). */
  customerId: string | null;
  customerName: string | null;
}

/**
 * What the counter offers after a sale: its receipt, and, for a known customer, how they felt.
 * Nothing here takes the focus: the cashier's next sale starts as before, and Tab (or a click)
 * reaches these. Inside the rating, keys 1–5 choose, Enter saves, Esc lets it go.
 */
export function AfterSale({ sale, onDone }: { sale: LastSale; onDone(): void }) {
  const { t } = useTranslation();
  const navigate = useApp((s) => s.navigate);
  const [rating, setRating] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  // One key per sale's rating, so a retried save never records it twice.
  const key = useRef(newRequestKey());

  function choose(n: number): void {
    setRating(n);
    setError(null);
    setTimeout(() => noteRef.current?.focus(), 0);
  }

  async function save(): Promise<void> {
    if (rating === null) return;
    try {
      await call('feedback.record', { saleId: sale.id, rating, note: note.trim() || null, idempotencyKey: key.current });
      setSaved(rating);
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  const receiptButton = (
    <Button
      size="xs"
      variant="light"
      style={{ flexShrink: 0 }}
      onClick={() => navigate({ page: 'receipt', id: sale.id })}
      title={t('receipt.printShortcut')}
      data-testid="print-receipt"
    >
      {t('receipt.print')}
    </Button>
  );
  if (!sale.customerId) return <Group mt="xs">{receiptButton}</Group>;
  if (saved !== null)
    return (
      <Group mt="xs" justify="space-between">
        <Text size="sm" c="teal.8" data-testid="feedback-saved">
          {t('feedback.saved', { rating: saved })}
        </Text>
        {receiptButton}
      </Group>
    );
  return (
    <Paper
      withBorder
      p="xs"
      mt="xs"
      data-testid="feedback-prompt"
      onKeyDown={(e) => {
        if (e.target === noteRef.current) {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
          return;
        }
        if (/^[1-5]$/.test(e.key)) {
          e.preventDefault();
          choose(Number(e.key));
        } else if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" style={{ minWidth: 0 }}>
          {t('feedback.prompt', { name: sale.customerName ?? '' })}
        </Text>
        {receiptButton}
      </Group>
      <Group gap={6} mt={6} align="center">
        {RATINGS.map((n) => (
          <ActionIcon
            key={n}
            size="lg"
            variant={rating === n ? 'filled' : 'default'}
            color={n <= 2 ? 'red' : n === 3 ? 'yellow' : 'teal'}
            aria-label={t('feedback.rate', { rating: n })}
            aria-pressed={rating === n}
            onClick={() => choose(n)}
            data-testid={`rate-${n}`}
          >
            {n}
          </ActionIcon>
        ))}
        <Text size="xs" c="dimmed">
          {t('feedback.keysHint')}
        </Text>
      </Group>
      {rating !== null && (
        <Group mt={6} align="flex-end" gap="xs">
          <TextInput
            ref={noteRef}
            size="xs"
            style={{ flex: '1 1 200px' }}
            label={t('feedback.note')}
            placeholder={t('feedback.notePlaceholder')}
            value={note}
            maxLength={1000}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="feedback-note"
          />
          <Button size="xs" onClick={() => void save()} data-testid="feedback-save">
            {t('feedback.save')}
          </Button>
          <Button size="xs" variant="subtle" onClick={onDone} data-testid="feedback-skip">
            {t('feedback.skip')}
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" mt={6} p="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
