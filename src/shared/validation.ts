/**
 * Which rule a bad input broke, as `{ reason, max?, min? }`: the UI translates the reason (its
 * catalogues' `validation.*`), so no English message from the schema ever reaches a person.
 * The backend sends it in an error's `params`; a form checks its input with the same schema.
 */
import type { ZodError } from 'zod';

export type ValidationIssue = ZodError['issues'][number];

/** The value at an issue's path in the raw input (to tell a missing value from a wrong one). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export function validationParams(issue: ValidationIssue, value: unknown): Record<string, string | number> {
  switch (issue.code) {
    case 'custom': {
      // A rule with an error code of its own (a phone's problems) is told by that code.
      const { reason, code, min, max } = (issue.params ?? {}) as Record<string, unknown>;
      const out: Record<string, string | number> = { reason: typeof reason === 'string' ? reason : 'invalid' };
      for (const [k, v] of Object.entries({ code, min, max })) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
      return out;
    }
    case 'invalid_type':
      return { reason: value === undefined || value === null ? 'required' : 'invalid' };
    case 'too_big':
      return {
        reason: issue.origin === 'string' ? 'too_long' : issue.origin === 'array' || issue.origin === 'set' ? 'too_many' : 'too_large',
        max: Number(issue.maximum),
      };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { reason: 'required' };
      return {
        reason: issue.origin === 'string' ? 'too_short' : issue.origin === 'array' || issue.origin === 'set' ? 'too_few' : 'too_small',
        min: Number(issue.minimum),
      };
    case 'invalid_value':
      return { reason: 'choice' };
    case 'invalid_format':
      return { reason: issue.format === 'email' ? 'email' : 'invalid' };
    default:
      return { reason: 'invalid' };
  }
}

/** Every field's first broken rule, keyed by the field's dotted path. */
export function issuesByField(err: ZodError, input: unknown): Record<string, Record<string, string | number>> {
  const out: Record<string, Record<string, string | number>> = {};
  for (const issue of err.issues) {
    const field = issue.path.map(String).join('.');
    out[field] ??= validationParams(issue, valueAt(input, issue.path));
  }
  return out;
}
