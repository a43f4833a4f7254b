import { MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Any of a fixed list of values (RFM segments, lifecycle groups), labelled from the catalogue. */
export function ChoicePicker<T extends string>(props: {
  options: readonly T[];
  labelKey: string;
  value: T[];
  onChange(v: T[]): void;
  bad: boolean;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <MultiSelect
      style={{ flex: 1 }}
      miw={260}
      data={props.options.map((o) => ({ value: o, label: t(`${props.labelKey}.${o}`) }))}
      value={props.value}
      onChange={(v) => props.onChange(v as T[])}
      error={props.bad}
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
