import { TextInput, type TextInputProps } from '@mantine/core';
import { forwardRef } from 'react';
import { minorDigits } from '../../../shared/money';
import { useFormat } from '../hooks/useFormat';

/** A text field for amounts: the keypad on touch screens, the currency beside it, no spinner. */
export const MoneyInput = forwardRef<HTMLInputElement, Omit<TextInputProps, 'rightSection'>>(function MoneyInput(props, ref) {
  const { currency } = useFormat();
  return (
    <TextInput
      ref={ref}
      inputMode={minorDigits(currency) === 0 ? 'numeric' : 'decimal'}
      autoComplete="off"
      rightSection={<span style={{ fontSize: 12, opacity: 0.7 }}>{currency}</span>}
      rightSectionWidth={48}
      {...props}
    />
  );
});
