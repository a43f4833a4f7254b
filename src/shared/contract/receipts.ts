/**
 * Receipts and satisfaction (issue 16): one call gathers everything a printed receipt shows, the
 * receipt's own lines (address, footer) are a setting of their own, and staff record how a
 * customer felt after a purchase.
 */
import { z } from 'zod';
import type { Locale } from '../domain';
import { id, idempotencyKey, optionalText, out } from './schema';

export interface Receipt {
  saleId: string;
  /** What the receipt is known by: the old system's number for an imported sale, else the sale's short reference. */
  reference: string;
  soldAt: string;
  voidedAt: string | null;
  shop: { name: string; address: string | null; footer: string | null; currency: string; locale: Locale; timeZone: string };
  customer: { name: string; code: string } | null;
  cardNumber: string | null;
  /** Before any discount (minor units). */
  amountBefore: number;
  couponCode: string | null;
  /** The coupon's discount (0 without one). */
  discount: number;
  pointsRedeemed: number;
  /** What the redeemed points paid. */
  redeemedValue: number;
  /** What was paid. */
  amount: number;
  pointsEarned: number;
  /** The points balance right after this purchase (its own ledger rows included); null for a walk-in. */
  pointsBalance: number | null;
  /** The customer's tier today (not at the time of the purchase): the receipt labels it "now". */
  tierNow: string | null;
}

export interface ReceiptLayout {
  address: string | null;
  footer: string | null;
}

export const RATINGS = [1, 2, 3, 4, 5] as const;
/** "Unhappy" is a rating of at most this. */
export const UNHAPPY_RATING = 2;

export interface Feedback {
  id: string;
  customerId: string;
  saleId: string | null;
  rating: number;
  note: string | null;
  createdAt: string;
}

export interface FeedbackSummary {
  /** Mean rating, one decimal; null when there is none. */
  average: number | null;
  count: number;
  /** Newest first, at most `limit`. */
  items: Feedback[];
}

const rating = z
  .number({ message: 'rating must be a number from 1 to 5' })
  .int({ message: 'rating must be a whole number from 1 to 5' })
  .min(1, { message: 'rating must be from 1 to 5' })
  .max(5, { message: 'rating must be from 1 to 5' });

export const receiptsContract = {
  'sales.receipt': { input: z.object({ saleId: id }), output: out<Receipt>() },
  'receipts.getLayout': { input: z.object({}).optional(), output: out<ReceiptLayout>() },
  'receipts.setLayout': { input: z.object({ address: optionalText(300), footer: optionalText(300) }), output: out<ReceiptLayout>() },

  /** A sale's customer is the rating's; without a sale the customer is named. */
  'feedback.record': {
    input: z
      .object({
        customerId: id.nullish().transform((v) => v ?? null),
        saleId: id.nullish().transform((v) => v ?? null),
        rating,
        note: optionalText(1000),
        idempotencyKey,
      })
      .refine((v) => v.customerId !== null || v.saleId !== null, {
        message: 'a rating needs a purchase or a customer',
        path: ['customerId'],
      }),
    output: out<Feedback>(),
  },
  'feedback.list': {
    input: z.object({ customerId: id, limit: z.number().int().min(1).max(200).default(20) }),
    output: out<FeedbackSummary>(),
  },
} as const;
