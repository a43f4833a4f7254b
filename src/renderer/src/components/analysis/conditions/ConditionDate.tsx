import { DateField } from '../../DateField';

/** A date inside a condition (a purchase before/after, a period's ends). */
export function ConditionDate({
  value,
  onChange,
  error,
  label,
}: {
  value: string;
  onChange(v: string): void;
  error: boolean;
  label: string;
}) {
  return <DateField w={160} value={value} onChange={onChange} error={error || undefined} aria-label={label} data-testid="condition-date" />;
}
