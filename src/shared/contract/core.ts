/**
 * The foundation's methods: app info, settings, customers, cards, purchases.
 * Every input schema here is the boundary check both transports apply.
 */
import { z } from 'zod';
import { GENDERS, LOCALES } from '../domain';
import type {
  Card,
  CounterCustomer,
  Customer,
  CustomerFacets,
  CustomerListItem,
  CustomerPage,
  DuplicateCandidate,
  Sale,
  ShopSettings,
} from '../domain';
import { isKnownCountry } from '../country';
import { PHONE_ERRORS, phoneShapeProblem } from '../phone';
import { isKnownCurrency, MAX_AMOUNT_MINOR, type AmountGuide } from '../money';
import { isValidTimeZone } from '../time';
import type { TierStatus } from './tiers';
import { birthdayDate, id, idempotencyKey, isoDate, optionalText, out } from './schema';

export const customerInput = z.object({
  fullName: z
    .string()
    .max(200)
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .refine((s) => s.length > 0, { message: 'name is required', params: { reason: 'required' } }),
  // The shape only: whether the number exists in the shop's country is the service's check (it
  // reads the setting). The issue carries its own error code so the UI can say which problem it is.
  phone: optionalText(40).superRefine((v, ctx) => {
    const problem = v === null ? null : phoneShapeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: PHONE_ERRORS[problem].message, params: { code: PHONE_ERRORS[problem].code } });
  }),
  email: optionalText(200).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    message: 'email is not valid',
    params: { reason: 'email' },
  }),
  birthday: birthdayDate
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  gender: z
    .enum(GENDERS)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  area: optionalText(120),
  address: optionalText(400),
  tags: z
    .array(
      z
        .string()
        .max(40)
        .transform((s) => s.trim()),
    )
    .max(50)
    .optional()
    .transform((tags) => [...new Set((tags ?? []).filter((t) => t !== ''))]),
  notes: optionalText(4000),
  consent: z
    .object({
      marketing: z.boolean(),
      date: isoDate
        .nullable()
        .optional()
        .transform((v) => v ?? null),
      source: optionalText(120),
    })
    .optional()
    .transform((c) => c ?? { marketing: false, date: null, source: null }),
  externalCode: optionalText(64),
});
export type CustomerInput = z.input<typeof customerInput>;
export type CustomerData = z.output<typeof customerInput>;

export const settingsInput = z.object({
  shopName: z
    .string()
    .max(120)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, { message: 'shop name is required', params: { reason: 'required' } }),
  currency: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isKnownCurrency, { message: 'unknown currency code', params: { reason: 'currency' } }),
  locale: z.enum(LOCALES),
  timeZone: z.string().refine(isValidTimeZone, { message: 'unknown time zone', params: { reason: 'time_zone' } }),
  country: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isKnownCountry, { message: 'unknown country code', params: { reason: 'country' } })
    .optional(),
  pointsRule: z.object({
    every: z.number().int().positive().max(MAX_AMOUNT_MINOR),
    points: z.number().int().min(0).max(1_000_000),
  }),
  /** e.g. { points: 100, value: 10_000 }: 100 points pay 10,000 ₫. null turns spending off; left out, unchanged. */
  pointsValue: z
    .object({
      points: z.number().int().positive().max(1_000_000),
      value: z.number().int().positive().max(MAX_AMOUNT_MINOR),
    })
    .nullable()
    .optional(),
  /** Points expire this many months after they were earned; null turns expiry off (points earned meanwhile never expire); left out, unchanged. */
  pointsExpiryMonths: z.number().int().min(1).max(120).nullable().optional(),
});

export type SettingsData = z.output<typeof settingsInput>;

export const amount = z
  .number({ message: 'amount must be a number' })
  .int({ message: 'amount must be a whole number of the smallest unit' })
  .positive({ message: 'amount must be more than zero' })
  .max(MAX_AMOUNT_MINOR, { message: 'amount is too large' });

/**
 * Whose customers a list shows (issue 19): anyone's, those nobody is responsible for, or one staff
 * member's. A former staff member counts too: their customers are the ones to hand over.
 */
export const responsibleFilter = z.discriminatedUnion(
  'who',
  [z.object({ who: z.literal('anyone') }), z.object({ who: z.literal('nobody') }), z.object({ who: z.literal('staff'), staffId: id })],
  { error: (iss) => (iss.code === 'invalid_union' ? 'must be anyone, nobody or staff' : 'must be an object such as { who: "nobody" }') },
);
export type ResponsibleFilter = z.output<typeof responsibleFilter>;

export const coreContract = {
  'app.info': { input: z.object({}).optional(), output: out<{ version: string; dataDir: string; settings: ShopSettings }>() },

  'settings.get': { input: z.object({}).optional(), output: out<ShopSettings>() },
  'settings.update': { input: settingsInput, output: out<ShopSettings>() },

  'customers.create': { input: customerInput.extend({ idempotencyKey }), output: out<Customer>() },
  'customers.update': { input: z.object({ id, data: customerInput }), output: out<Customer>() },
  'customers.get': { input: z.object({ id }), output: out<CustomerPage>() },
  'customers.search': {
    input: z.object({
      query: z.string().max(200).default(''),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
      responsible: responsibleFilter.default({ who: 'anyone' }),
    }),
    /** `total` is exact when `totalIsExact`; otherwise at least that many match (broad queries stop counting early). */
    output: out<{ total: number; totalIsExact: boolean; items: CustomerListItem[] }>(),
  },
  'customers.duplicates': {
    input: z.object({ phone: z.string().max(40).nullish(), email: z.string().max(200).nullish(), excludeId: id.nullish() }),
    output: out<DuplicateCandidate[]>(),
  },
  /** The areas and tags the live customers have, most common first (at most `limit` of each). */
  'customers.facets': {
    input: z
      .object({ limit: z.number().int().min(1).max(1000).default(200) })
      .optional()
      .transform((v) => v ?? { limit: 200 }),
    output: out<CustomerFacets>(),
  },

  'cards.issue': { input: z.object({ customerId: id, idempotencyKey }), output: out<Card>() },
  'cards.setStatus': {
    input: z.object({ cardId: id, status: z.enum(['lost', 'blocked']), reason: optionalText(200) }),
    output: out<Card>(),
  },
  'cards.replace': { input: z.object({ cardId: id, reason: optionalText(200) }), output: out<Card>() },
  'cards.lookup': { input: z.object({ number: z.string().max(64) }), output: out<CounterCustomer>() },

  'sales.record': {
    input: z.object({
      customerId: id.nullish().transform((v) => v ?? null),
      cardNumber: z
        .string()
        .max(64)
        .nullish()
        .transform((v) => v ?? null),
      /** The purchase before any discount; a coupon's discount is taken off it (coupons.check shows it first). */
      amount,
      note: optionalText(500),
      couponCode: z
        .string()
        .max(64)
        .nullish()
        .transform((v) => (v && v.trim() !== '' ? v : null)),
      /** Points to spend on this purchase (settings.pointsValue says what they are worth); 0 or left out: none. */
      redeemPoints: z.number().int().min(0).max(1_000_000_000).optional(),
      idempotencyKey,
    }),
    /** tier/tierBefore: the customer's tier after and before this purchase (tiers contract; absent for a walk-in or a shop without tiers). */
    output: out<{ sale: Sale; pointsBalance: number | null; tier?: TierStatus | null; tierBefore?: string | null }>(),
  },
  'sales.void': {
    input: z.object({
      saleId: id,
      reason: z
        .string()
        .max(300)
        .transform((s) => s.trim())
        .refine((s) => s.length > 0, { message: 'a reason is required', params: { reason: 'required' } }),
    }),
    output: out<Sale>(),
  },
  /** The size of the shop's recent purchases, for the counter's plausibility check (`amountDoubt` in shared/money.ts). */
  'sales.amountGuide': { input: z.object({}).optional(), output: out<AmountGuide>() },
  'sales.today': { input: z.object({}).optional(), output: out<{ date: string; sales: Sale[]; total: number; count: number }>() },
  'sales.forCustomer': {
    input: z.object({ customerId: id, limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }),
    output: out<Sale[]>(),
  },
} as const;
