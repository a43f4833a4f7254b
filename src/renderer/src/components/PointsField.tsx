import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { maxPointsFor, valueOfPoints, type PointsValue } from '../../../shared/points';
import { useFormat } from '../hooks/useFormat';

interface Props {
  value: string;
  onChange(text: string): void;
  balance: number;
  pointsValue: PointsValue;
  /** What is left to pay after any coupon, or null while the amount is not a number. */
  amount: number | null;
  /** A refusal from recording the sale, shown in place of the preview. */
  error: string | null;
}

/** Whole points typed at the counter ('' = none). NaN when the text is not a whole number. */
export function typedPoints(text: string): number {
  const s = text.trim();
  if (s === '') return 0;
  return /^\d+$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * The counter's "use points": what they take off this purchase before Enter, computed with the
 * same functions the backend checks with (shared/points.ts), and why not when they cannot be used.
 */
export function PointsField({ value, onChange, balance, pointsValue, amount, error }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const n = typedPoints(value);
  const max = amount === null ? null : maxPointsFor(amount, pointsValue);
  let problem: string | null = error;
  let description = '\u00a0';
  if (!problem && Number.isNaN(n)) problem = t('points.notWhole');
  else if (!problem && n > balance) problem = t('errors.POINTS_NOT_ENOUGH', { points: n, balance });
  else if (!problem && max !== null && n > max) problem = t('errors.POINTS_MORE_THAN_PURCHASE', { max, points: n });
  else if (n > 0 && amount !== null) {
    const off = valueOfPoints(n, pointsValue);
    description = t('points.off', { value: f.money(off), after: f.money(amount - off) });
  } else if (max !== null) description = t('points.max', { max: Math.min(max, balance) });
  return (
    <TextInput
      size="md"
      label={t('points.useLabel')}
      placeholder={t('points.usePlaceholder', { balance })}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      inputMode="numeric"
      autoComplete="off"
      description={problem ? null : description}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      descriptionProps={{ 'data-testid': 'points-off' }}
      error={problem}
      data-testid="sale-points"
    />
  );
}
