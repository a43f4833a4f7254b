import type { TFunction } from 'i18next';
import type { ApiError } from '../../../shared/errors';
import { ApiCallError } from '../api/client';

/**
 * The rule a bad input broke, in the UI's language: the backend names it in `params.reason`
 * (its English `message` is for logs and the CLI and never reaches the screen).
 */
function validationDetail(t: TFunction, err: ApiError): string {
  const { reason, ...params } = err.params ?? {};
  const generic = t('validation.invalid');
  return typeof reason === 'string'
    ? t(`validation.${reason}`, { pattern: t('dateInput.pattern'), ...params, defaultValue: generic })
    : generic;
}

/** A person-readable, translated message for any error the backend returns. */
export function errorText(t: TFunction, e: unknown): string {
  const err: ApiError | null = e instanceof ApiCallError ? e.error : null;
  if (!err) return t('errors.INTERNAL');
  if (err.code === 'VALIDATION') {
    const field = err.field ? t(`fields.${err.field.split('.').at(-1)}`, { defaultValue: '' }) : '';
    const detail = validationDetail(t, err);
    return field ? t('errors.VALIDATION_FIELD', { field, detail }) : t('errors.VALIDATION', { detail });
  }
  return t(`errors.${err.code}`, { ...(err.params ?? {}), defaultValue: err.message });
}

/** The message shown under the field itself, which already carries its label. */
export function fieldErrorText(t: TFunction, e: unknown): string {
  const err: ApiError | null = e instanceof ApiCallError ? e.error : null;
  if (err?.code === 'VALIDATION' && err.field) return validationDetail(t, err);
  return errorText(t, e);
}

export function errorField(e: unknown): string | undefined {
  return e instanceof ApiCallError ? e.error.field : undefined;
}
