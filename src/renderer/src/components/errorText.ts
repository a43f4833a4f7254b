import type { TFunction } from 'i18next';
import type { ApiError } from '../../../shared/errors';
import { ApiCallError } from '../api/client';

/** A person-readable, translated message for any error the backend returns. */
export function errorText(t: TFunction, e: unknown): string {
  const err: ApiError | null = e instanceof ApiCallError ? e.error : null;
  if (!err) return t('errors.INTERNAL');
  if (err.code === 'VALIDATION') {
    const field = err.field ? t(`fields.${err.field.split('.').at(-1)}`, { defaultValue: err.field }) : '';
    // The backend's message starts with the field's path (useful in the CLI); the label replaces it here.
    const detail = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
    return field ? t('errors.VALIDATION_FIELD', { field, detail }) : t('errors.VALIDATION', { detail });
  }
  return t(`errors.${err.code}`, { ...(err.params ?? {}), defaultValue: err.message });
}

export function errorField(e: unknown): string | undefined {
  return e instanceof ApiCallError ? e.error.field : undefined;
}
