/** The typed database schema Kysely checks every query against. Columns are snake_case. */
import type { ColumnType, Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface CustomersTable {
  id: string;
  code: string;
  full_name: string;
  search_name: string;
  /** As people of the shop's country write it ("0912 345 678"); as typed when it does not parse (0051). */
  phone: string | null;
  /** National and international digits, space-separated ("0912345678 84912345678"): what search looks in. */
  phone_digits: string | null;
  /** E.164 ("+84912345678"), or the bare digits of a number that does not parse: what duplicates and imports compare. */
  phone_canonical: string | null;
  email: string | null;
  email_norm: string | null;
  birthday: string | null;
  gender: string | null;
  area: string | null;
  address: string | null;
  tags: string;
  notes: string | null;
  consent_marketing: number;
  consent_date: string | null;
  consent_source: string | null;
  external_code: string | null;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
  /** 1 for a customer an import created from a code alone (0053); cleared when their form is saved. */
  details_missing: ColumnType<number, number | undefined, number>;
}

export interface CardsTable {
  id: string;
  number: string;
  customer_id: string;
  status: string;
  issued_at: string;
  status_at: string | null;
  status_reason: string | null;
  replaced_by_card_id: string | null;
}

export interface SalesTable {
  id: string;
  customer_id: string | null;
  card_id: string | null;
  total: number;
  points: number;
  note: string | null;
  sold_at: string;
  created_at: string;
  voided_at: string | null;
  void_reason: string | null;
  source: string;
  receipt_ref: string | null;
  /** What the purchase came to before a coupon's discount; null without a coupon (0060). */
  amount_before: ColumnType<number | null, number | null | undefined, number | null>;
  /** The coupon used on this purchase (0060). */
  coupon_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PointsLedgerTable {
  id: string;
  customer_id: string;
  sale_id: string | null;
  kind: string;
  points: number;
  reason: string;
  created_at: string;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  entity: string;
  entity_id: string;
  op: string;
  at: string;
}

/** A client-chosen key and the first result of the call that carried it (0050). */
export interface IdempotencyKeysTable {
  key: string;
  method: string;
  request_hash: string;
  /** The first call's result, as JSON. */
  result: string;
  created_at: string;
}

/** A coupon campaign (0060); audience is JSON (shared/contract/campaigns.ts CampaignAudience). */
export interface CampaignsTable {
  id: string;
  name: string;
  audience: string;
  offer_kind: string;
  offer_value: number;
  offer_text: string | null;
  min_purchase: number;
  /** Shop-local calendar days, both included. */
  valid_from: string;
  valid_to: string;
  holdout_percent: number;
  status: string;
  issued_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The audience snapshot taken when a campaign's coupons were issued; hold-out members get none (0060). */
export interface CampaignMembersTable {
  campaign_id: string;
  customer_id: string;
  holdout: number;
}

/** One customer's coupon, or a shared code (customer_id null) with a usage limit (0060). */
export interface CouponsTable {
  id: string;
  code: string;
  campaign_id: string;
  customer_id: string | null;
  usage_limit: number;
  used_count: ColumnType<number, number | undefined, number>;
  issued_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

export interface Database {
  settings: SettingsTable;
  sequences: SequencesTable;
  customers: CustomersTable;
  cards: CardsTable;
  sales: SalesTable;
  points_ledger: PointsLedgerTable;
  change_log: ChangeLogTable;
  idempotency_keys: IdempotencyKeysTable;
  campaigns: CampaignsTable;
  campaign_members: CampaignMembersTable;
  coupons: CouponsTable;
  schema_migrations: SchemaMigrationsTable;
}
