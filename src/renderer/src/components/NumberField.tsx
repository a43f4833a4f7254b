import { TextInput, type TextInputProps } from '@mantine/core';
import { forwardRef } from 'react';

/**
 * A settings number as the person typed it: a text field, so a minus sign or a decimal stays on
 * screen to be refused with a message (parseNumberText), never dropped or clamped out of sight.
 */
export const NumberField = forwardRef<HTMLInputElement, TextInputProps & { decimals?: number }>(function NumberField(
  { decimals = 0, ...props },
  ref,
) {
  return <TextInput ref={ref} inputMode={decimals > 0 ? 'decimal' : 'numeric'} autoComplete="off" {...props} />;
});
