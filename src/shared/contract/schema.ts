/** Building blocks shared by the per-domain contract maps. */
import { z } from 'zod';
import { isValidIsoDate } from '../time';

/** Marks the output type of a method; carries no runtime data. */
export function out<T>(): T {
  return undefined as T;
}

export const id = z.string().min(1).max(64);

/** Optional free text: trimmed, and an empty string means "not given" (null). */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const isoDate = z.string().refine(isValidIsoDate, { message: 'date must be YYYY-MM-DD', params: { reason: 'date' } });
