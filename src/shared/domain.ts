/** Domain types shared by the backend and the UI. IDs are UUIDv7 strings; money is minor units. */
import type { PointsRule, PointsValue } from './points';

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const LOCALES = ['en', 'vi', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];

export interface ShopSettings {
  shopName: string;
  currency: string;
  locale: Locale;
  timeZone: string;
  /** ISO 3166-1 alpha-2; the default region of phone numbers typed without a country code. */
  country: string;
  pointsRule: PointsRule;
  /** What points are worth at the counter; null (the default): points are not spent. */
  pointsValue: PointsValue | null;
  /** Points expire this many months after they were earned; null (the default): never. */
  pointsExpiryMonths: number | null;
  /**
   * Whether the shop has been through its first-run setup (a settings.update, `regulars init`),
   * or already holds customers or sales. Read-only: every settings.update sets it.
   */
  setupDone: boolean;
}

export interface Consent {
  marketing: boolean;
  /** When consent was given (YYYY-MM-DD); null when never given or withdrawn. */
  date: string | null;
  /** Where it was given: "counter form", "website", … */
  source: string | null;
}

export interface Customer {
  id: string;
  code: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  gender: Gender | null;
  area: string | null;
  address: string | null;
  tags: string[];
  notes: string | null;
  consent: Consent;
  externalCode: string | null;
  /** Created by an import from a code alone: name and contact details are still to be filled in. */
  detailsMissing: boolean;
  createdAt: string;
  updatedAt: string;
}

export const CARD_STATUSES = ['active', 'lost', 'blocked', 'replaced'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export interface Card {
  id: string;
  number: string;
  customerId: string;
  status: CardStatus;
  issuedAt: string;
  statusAt: string | null;
  statusReason: string | null;
  replacedByNumber: string | null;
}

export interface Sale {
  id: string;
  customerId: string | null;
  customerName: string | null;
  cardNumber: string | null;
  amount: number;
  points: number;
  note: string | null;
  soldAt: string;
  voidedAt: string | null;
  voidReason: string | null;
  /** With a coupon: what the purchase came to before its discount (`amount` is what was paid). */
  amountBefore: number | null;
  couponCode: string | null;
  /** Points this purchase spent, and what they took off (`amount` is after them). */
  pointsRedeemed: number;
  redeemedValue: number;
}

export interface CustomerStats {
  visits: number;
  totalSpend: number;
  averageSpend: number;
  firstVisit: string | null;
  lastVisit: string | null;
  pointsBalance: number;
}

export interface CustomerListItem {
  id: string;
  code: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  area: string | null;
  cardNumber: string | null;
}

/** What the counter shows the moment a card is swiped. */
export interface CounterCustomer {
  customer: Customer;
  card: Card | null;
  stats: CustomerStats;
  /** Membership tier derived from rolling spend (see contract/tiers.ts); null below the first tier. */
  tier?: string | null;
}

export interface CustomerPage extends CounterCustomer {
  cards: Card[];
  sales: Sale[];
}

export interface DuplicateCandidate {
  id: string;
  code: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  matchedOn: 'phone' | 'email';
}

/** Values already in use, most common first: suggestions for the segment builder's area and tag fields. */
export interface CustomerFacets {
  areas: { value: string; count: number }[];
  tags: { value: string; count: number }[];
}
