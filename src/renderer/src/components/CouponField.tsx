import { Text, TextInput } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponQuote } from '../../../shared/contract/campaigns';
import { formatCouponCode } from '../../../shared/couponCode';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';

interface Props {
  value: string;
  onChange(code: string): void;
  customerId: string | null;
  /** The purchase before any discount, or null while the amount is not a number. */
  amount: number | null;
  /** The quote the counter will record (null: none, or refused). */
  onQuote(quote: CouponQuote | null): void;
  /** A refusal from recording the sale, shown in place of the check's answer. */
  error: string | null;
}

/** The counter's coupon: what the code does to this purchase, or why it cannot be used, before Enter. */
export function CouponField({ value, onChange, customerId, amount, onQuote, error }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const code = value.trim();
  const input = code !== '' && amount !== null ? { code, customerId, amount } : null;
  const check = useApiQuery('coupons.check', input, JSON.stringify(input));
  const current = input && !check.busy ? check : null;
  const quote = current && !current.error ? current.data : null;

  useEffect(() => onQuote(quote), [quote, onQuote]);

  const shownError = error ?? current?.error ?? null;
  // A line kept for the answer, so the form does not jump while the code is typed.
  let description: ReactNode = shownError ? null : '\u00a0';
  if (quote) {
    const what =
      quote.offer.kind === 'item'
        ? t('coupon.item', { text: quote.offer.text })
        : quote.offer.kind === 'points'
          ? t('coupon.bonus', { points: quote.bonusPoints })
          : t('coupon.discount', { discount: f.money(quote.discount), after: f.money(quote.amountAfter) });
    const holder = quote.holderName ? ` · ${t('coupon.holder', { name: quote.holderName })}` : '';
    description = (
      <Text span size="sm" c="teal.8" data-testid="coupon-preview">
        {what}
        {holder} · {t('coupon.campaign', { name: quote.campaignName, validTo: f.day(quote.validTo) })}
      </Text>
    );
  } else if (code !== '' && amount === null) description = t('coupon.needsAmount');

  return (
    <TextInput
      size="md"
      label={t('coupon.label')}
      placeholder={t('coupon.placeholder')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        // Shown grouped as it is printed, once the code reads right.
        if (quote) onChange(formatCouponCode(quote.code));
      }}
      autoComplete="off"
      description={description}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      error={shownError}
      data-testid="sale-coupon"
    />
  );
}
