import type { TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField } from '../../NumberField';
import { numberProblemText, parseNumberText, type NumberRule } from '../../numberText';
import { useReportWrong } from './pendingNumbers';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'error'> & {
  value: number | null | undefined;
  /** Called with each number as typed once it reads right; null when the field is emptied and `optional`. */
  onValue(n: number | null): void;
  rule: NumberRule;
  /** Empty means "any" (a range's open end). */
  optional?: boolean;
  /** The backend refused this part of the condition. */
  bad?: boolean;
};

/**
 * A number in a segment condition, kept as typed. A minus sign, a decimal point or a number out of
 * range is refused with a message at the field and not put into the rule (Mantine's NumberInput
 * dropped the sign, turned "1.5" into 15 and clamped on blur, and the changed rule was counted).
 */
export function ConditionNumber({ value, onValue, rule, optional = false, bad = false, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value == null ? '' : String(value));
  const [problem, setProblem] = useState<string | null>(null);
  useReportWrong(problem !== null);

  // A value set from outside (a loaded segment, a reset period) replaces the text; the field's own
  // good values come back unchanged and leave what was typed ("1.000") as it is.
  useEffect(() => {
    const now = optional && text.trim() === '' ? null : parseNumberText(text, rule);
    const same = now === null ? value == null : !now.ok || now.value === value;
    if (!same) {
      setText(value == null ? '' : String(value));
      setProblem(null);
    }
    // The rule and `optional` are constants of the field; a changed value or text is what is news.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, text]);

  function edit(typed: string): void {
    setText(typed);
    if (optional && typed.trim() === '') {
      setProblem(null);
      onValue(null);
      return;
    }
    const p = parseNumberText(typed, rule);
    if (p.ok) {
      setProblem(null);
      onValue(p.value);
    } else setProblem(numberProblemText(t, p.reason, rule));
  }

  return <NumberField {...rest} value={text} onChange={(e) => edit(e.currentTarget.value)} error={problem ?? bad} />;
}
