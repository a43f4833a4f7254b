import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { minorDigits, type AmountDoubt } from '../../../shared/money';
import { useFormat } from '../hooks/useFormat';

export interface DoubtfulAmount {
  minor: number;
  doubt: AmountDoubt;
}

/**
 * Asks before an implausible amount is recorded (see amountDoubt in shared/money.ts). The safe
 * answer, "correct the amount", has the focus, so a second Enter never records the doubtful
 * amount; recording it takes a deliberate Tab to the other button (or a click).
 */
export function AmountDoubtModal({
  doubtful,
  onRecord,
  onCorrect,
}: {
  doubtful: DoubtfulAmount | null;
  onRecord(): void;
  onCorrect(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = doubtful?.doubt;
  return (
    <Modal
      opened={doubtful !== null}
      onClose={onCorrect}
      title={t('counter.doubt.title')}
      returnFocus={false}
      transitionProps={{ duration: 0 }}
    >
      {doubtful && d && (
        <div data-testid="amount-doubt">
          <Text>
            {d.kind === 'below_smallest'
              ? t('counter.doubt.belowSmallest', { amount: f.money(doubtful.minor), limit: f.money(d.limit) })
              : t(d.fromHistory ? 'counter.doubt.aboveUsual' : 'counter.doubt.aboveNewShop', {
                  amount: f.money(doubtful.minor),
                  limit: f.money(d.limit),
                })}
          </Text>
          {/* "45" meant 45.000 ₫ more often than not where the currency has no minor unit. */}
          {d.kind === 'below_smallest' && minorDigits(f.currency) === 0 && (
            <Text size="sm" c="dimmed" mt="xs">
              {t('counter.doubt.thousandsHint', { typed: `${doubtful.minor}k`, amount: f.money(doubtful.minor * 1000) })}
            </Text>
          )}
          <Group justify="flex-end" mt="lg">
            <Button onClick={onCorrect} data-autofocus data-testid="doubt-correct">
              {t('counter.doubt.correct')}
            </Button>
            <Button variant="outline" color="orange" onClick={onRecord} data-testid="doubt-record">
              {t('counter.doubt.record', { amount: f.money(doubtful.minor) })}
            </Button>
          </Group>
        </div>
      )}
    </Modal>
  );
}
