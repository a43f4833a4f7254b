import type { TFunction } from 'i18next';
import type { ApiError } from '../../../shared/errors';
import { ApiCallError } from '../api/client';

/** A person-readable, translated message for any error the backend returns. */
export function errorText(t: TFunction, e: unknown): string {
  const err: ApiError | null = e instanceof ApiCallError ? e.error : null;
  if (!err) return t('errors.INTERNAL');
  if (err.code === 'VALIDATION') {
    const field = err.field ? t(`fields.${err.field.split('.')[0]}`, { defaultValue: err.field }) : '';
    return field ? t('errors.VALIDATION_FIELD', { field, detail: err.message }) : t('errors.VALIDATION', { detail: err.message });
  }
  return t(`errors.${err.code}`, { ...(err.params ?? {}), defaultValue: err.message });
}

export function errorField(e: unknown): string | undefined {
  return e instanceof ApiCallError ? e.error.field : undefined;
}
