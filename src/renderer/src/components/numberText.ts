import type { TFunction } from 'i18next';

/** What a settings number field accepts: a range and how many decimals (none for counts of points, days, months). */
export interface NumberRule {
  min: number;
  max: number;
  decimals?: number;
}

export type NumberReason = 'empty' | 'malformed' | 'negative' | 'whole' | 'tooManyDecimals' | 'tooSmall' | 'tooLarge';

export type NumberParse = { ok: true; value: number } | { ok: false; reason: NumberReason };

/**
 * Reads what was typed into a number field, or says what is wrong with it. Nothing is dropped or
 * clamped on the way: Mantine's NumberInput turned "-5" into 5 (its minus sign refused) and 500
 * into the field's maximum on blur, and the changed number was saved without a word.
 * A count may group thousands with a dot, a comma or a space (Vietnamese "1.000" is a thousand);
 * a field with decimals takes either mark as the decimal point ("1,5" or "1.5").
 */
export function parseNumberText(text: string, rule: NumberRule): NumberParse {
  const s = text.trim().replace(/[\s\u00a0\u202f]+/g, ' ');
  if (s === '') return { ok: false, reason: 'empty' };
  const signed = /^[-\u2212]\s?(?=\d)/.exec(s);
  // Below zero is said as such where zero is allowed; where the least is 1 (days, months) the least is said.
  // A field that takes negatives (a points adjustment) reads the sign instead of dropping it.
  if (signed && rule.min >= 0) return { ok: false, reason: rule.min > 0 ? 'tooSmall' : 'negative' };
  const magnitude = readMagnitude(signed ? s.slice(signed[0].length) : s, rule.decimals ?? 0);
  if (!magnitude.ok) return magnitude;
  const value = signed ? -magnitude.value : magnitude.value;
  if (value < rule.min) return { ok: false, reason: 'tooSmall' };
  if (value > rule.max) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value };
}

function readMagnitude(s: string, decimals: number): NumberParse {
  let value: number;
  if (/^\d+$/.test(s)) value = Number(s);
  else if (decimals === 0 && /^\d{1,3}([., ]\d{3})+$/.test(s)) value = Number(s.replace(/[., ]/g, ''));
  else {
    const m = /^(\d+)[.,](\d+)$/.exec(s);
    if (!m) return { ok: false, reason: 'malformed' };
    if (decimals === 0) return { ok: false, reason: 'whole' };
    if (m[2]!.length > decimals) return { ok: false, reason: 'tooManyDecimals' };
    value = Number(`${m[1]}.${m[2]}`);
  }
  return { ok: true, value };
}

/** The field's message for a refused number, in the UI's language. */
export function numberProblemText(t: TFunction, reason: NumberReason, rule: NumberRule): string {
  return t(`numberField.${reason}`, {
    min: rule.min,
    max: rule.max,
    digits: rule.decimals ?? 0,
    example: rule.decimals ? '1.5' : String(Math.max(rule.min, Math.min(rule.max, 10))),
  });
}

/** Reads several fields at once: their values, or a message for each field that is wrong. */
export function readNumbers<K extends string>(
  t: TFunction,
  fields: Record<K, { text: string; rule: NumberRule; emptyIs?: number | null }>,
): { ok: true; values: Record<K, number | null> } | { ok: false; errors: Partial<Record<K, string>> } {
  const values = {} as Record<K, number | null>;
  const errors: Partial<Record<K, string>> = {};
  for (const key of Object.keys(fields) as K[]) {
    const { text, rule, emptyIs } = fields[key];
    if (text.trim() === '' && emptyIs !== undefined) {
      values[key] = emptyIs;
      continue;
    }
    const p = parseNumberText(text, rule);
    if (p.ok) values[key] = p.value;
    else errors[key] = numberProblemText(t, p.reason, rule);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
