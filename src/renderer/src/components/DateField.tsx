import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateText, parseDateText, patternOf } from './dateText';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  /** YYYY-MM-DD, or '' for none. */
  value: string;
  onChange(iso: string): void;
};

/**
 * A date typed in the order the UI's language writes it (dd/mm/yyyy, yyyy/mm/dd, mm/dd/yyyy),
 * instead of the browser's date input, which follows the system's locale and not the app's.
 * The value changes only when the text is a real date (or empty); otherwise the field says so.
 */
export function DateField({ value, onChange, error, onBlur, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const pattern = patternOf(i18n.language);
  const [text, setText] = useState(() => formatDateText(value, pattern));
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    setText((current) => (parseDateText(current, pattern) === value ? current : formatDateText(value, pattern)));
  }, [value, pattern]);

  const parsed = parseDateText(text, pattern);
  return (
    <TextInput
      placeholder={t('dateInput.pattern')}
      inputMode="numeric"
      autoComplete="off"
      {...rest}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const iso = parseDateText(next, pattern);
        if (iso !== null) onChange(iso);
      }}
      onBlur={(e) => {
        setTouched(true);
        onBlur?.(e);
      }}
      error={error ?? (touched && parsed === null ? t('validation.date', { pattern: t('dateInput.pattern') }) : undefined)}
    />
  );
}
