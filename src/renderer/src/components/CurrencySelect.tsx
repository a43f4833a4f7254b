import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyOptions } from './shopOptions';

/** A searchable list of currencies by code and name in the UI's language. */
export function CurrencySelect(props: Omit<SelectProps, 'data'>) {
  const { i18n } = useTranslation();
  const data = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  return <Select searchable allowDeselect={false} maxDropdownHeight={240} {...props} data={data} />;
}
