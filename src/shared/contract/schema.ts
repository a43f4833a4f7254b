/** Building blocks shared by the per-domain contract maps. */
import { z } from 'zod';
import { isValidIsoDate, MAX_SHOP_DATE, MIN_SHOP_DATE } from '../time';

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

/**
 * Every date a method takes (YYYY-MM-DD, a shop's calendar day). Bounded to the years a shop can
 * have, so no service ever meets a date that Date or SQLite cannot represent one day later.
 */
export const isoDate = z
  .string({ message: 'date must be YYYY-MM-DD' })
  .max(10, { message: 'date must be YYYY-MM-DD' })
  .superRefine((s, ctx) => {
    if (!isValidIsoDate(s)) ctx.addIssue({ code: 'custom', message: 'date must be YYYY-MM-DD', params: { reason: 'date' } });
    else if (s < MIN_SHOP_DATE || s > MAX_SHOP_DATE)
      ctx.addIssue({
        code: 'custom',
        message: `date must be between ${MIN_SHOP_DATE} and ${MAX_SHOP_DATE}`,
        params: { reason: 'date_range', min: MIN_SHOP_DATE, max: MAX_SHOP_DATE },
      });
  });

/**
 * A client-chosen key (a UUID, say) that makes a call creating something safe to retry: the same
 * key returns the first call's result, and the same key with another input is refused.
 */
export const idempotencyKey = z
  .string({ message: 'the request key must be text' })
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, { message: 'the request key must be 8 to 100 letters, digits or . _ : -' })
  .nullish()
  .transform((v) => v ?? null);

/** A period of whole days [from, to]; `to` carries the error when it comes before `from`. */
export const datePeriod = <E extends z.ZodRawShape>(extra: E = {} as E) =>
  z
    .object({ from: isoDate, to: isoDate, ...extra })
    .refine((p) => (p as { from: string }).from <= (p as { to: string }).to, { message: 'from must be on or before to', path: ['to'] });

/**
 * The latest calendar day anywhere on Earth right now (UTC+14), so a birthday entered today in a
 * shop east of UTC is not "in the future" for a server clock still on yesterday.
 */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A birthday: a real day, not before 1900 and not in the future. */
export const birthdayDate = z
  .string({ message: 'date must be YYYY-MM-DD' })
  .max(10, { message: 'date must be YYYY-MM-DD' })
  .superRefine((s, ctx) => {
    if (!isValidIsoDate(s)) ctx.addIssue({ code: 'custom', message: 'date must be YYYY-MM-DD', params: { reason: 'date' } });
    else if (s < MIN_SHOP_DATE)
      ctx.addIssue({ code: 'custom', message: `a birthday cannot be before ${MIN_SHOP_DATE}`, params: { reason: 'birthday_range' } });
    else if (s > latestToday())
      ctx.addIssue({ code: 'custom', message: 'a birthday cannot be in the future', params: { reason: 'birthday_range' } });
  });
