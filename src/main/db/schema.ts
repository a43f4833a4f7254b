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

/** Local keys are INTEGER PRIMARY KEYs (0100); `gid` is the global id (a UUID's 16 bytes, shared/gid.ts). */
export interface CustomersTable {
  id: Generated<number>;
  gid: Uint8Array;
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
  /** The customer this one was merged into (0095); erased_at is set with it, so lists leave it out. */
  merged_into: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface CardsTable {
  id: Generated<number>;
  gid: Uint8Array;
  number: string;
  customer_id: number;
  status: string;
  issued_at: string;
  status_at: string | null;
  status_reason: string | null;
  replaced_by_card_id: number | null;
}

/** A purchase (0100: times in ms; its global id is (origin, origin_key ?? id)). */
export interface SalesTable {
  id: Generated<number>;
  customer_id: number | null;
  card_id: number | null;
  total: number;
  points: number;
  note: string | null;
  sold_at: number;
  created_at: number;
  voided_at: number | null;
  void_reason: string | null;
  /** NULL: at the counter. */
  source: string | null;
  receipt_ref: string | null;
  /** What the purchase came to before a coupon's discount; null without a coupon (0060). */
  amount_before: ColumnType<number | null, number | null | undefined, number | null>;
  /** The coupon used on this purchase (0060). */
  coupon_id: ColumnType<number | null, number | null | undefined, number | null>;
  points_redeemed: ColumnType<number, number | undefined, number>;
  redeemed_value: ColumnType<number, number | undefined, number>;
  /** The install that made the row (installs.key). */
  origin: number;
  /** Its key at that install, when that is another install; NULL for a row made here. */
  origin_key: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A row of a customer's points; a row that added points is also a lot (`lot_debt`, `expires_at`; 0100, 0112). */
export interface PointsLedgerTable {
  id: Generated<number>;
  customer_id: number;
  sale_id: number | null;
  kind: string;
  points: number;
  /** NULL: an earning from a purchase ('purchase'). */
  reason: string | null;
  created_at: number;
  /**
   * NULL: the row is no lot. Else how many of its points paid a debt (a balance below zero) when it
   * was written, 0 for a whole lot (0112): the lot started with points − lot_debt. What is left of it is in point_lots.
   */
  lot_debt: ColumnType<number | null, number | null | undefined, number | null>;
  expires_at: ColumnType<number | null, number | null | undefined, number | null>;
  origin: number;
  origin_key: ColumnType<number | null, number | null | undefined, number | null>;
}

/**
 * What is left of an open lot (0112), keyed by customer in draw order (`expiry_key`: expires_at,
 * or NEVER_EXPIRES); the row goes when the lot is emptied. The rest of the lot is its ledger row.
 */
export interface PointLotsTable {
  customer_id: number;
  expiry_key: number;
  created_at: number;
  lot_id: number;
  remaining: number;
}

/** What an expire row took from a lot (0112; on the lot's row in 0109, a point_draws row before). */
export interface LotExpiriesTable {
  expired_by: number;
  lot_id: number;
  expired: number;
}

/** How many points a taking ledger row drew from which lot (0080; keys since 0100; no index or foreign key by lot since 0112). */
export interface PointDrawsTable {
  ledger_id: number;
  lot_id: number;
  points: number;
}

/** A tier set by hand, a floor until a local date (0093); cleared_at ends it early. */
export interface TierFloorsTable {
  id: Generated<number>;
  gid: Uint8Array;
  customer_id: number;
  tier: string;
  reason: string;
  until: string;
  set_at: string;
  set_by: string | null;
  cleared_at: string | null;
  clear_reason: string | null;
}

/** One bonus per customer and occasion ('signup', 'birthday-2026'), the ledger row that paid it (0093). */
export interface PointBonusesTable {
  customer_id: number;
  occasion: string;
  ledger_id: number;
}

/** One write of an entity (0061; db/changeLog.ts writes it, docs/architecture.md says what sync needs of it). */
export interface ChangeLogTable {
  seq: Generated<number>;
  /** Hybrid-logical-clock time, packed (shared/hlc.ts): ms × 1024 + counter. */
  hlc: number;
  /** The install that made the change: installs.key. */
  origin: number;
  /** db/entities.ts ENTITY_CODES (0100). */
  entity: number;
  /** The entity's local key (0 for settings); translated to its global id when a feed is written. */
  entity_id: number;
  op: string;
  /** The changed fields' names as a JSON array; null for a fact its row describes whole. */
  data: string | null;
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

/** Saved rule segments (0030): the rule tree, never the members. Deleting hides (deleted_at). */
export interface SegmentsTable {
  id: Generated<number>;
  gid: Uint8Array;
  name: string;
  /** The rule tree as JSON. */
  rule: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Each customer's live purchases, kept exact by triggers on sales (0031); never written by services. */
export interface CustomerStatsTable {
  customer_id: number;
  visits: number;
  spend: number;
  first_at: number;
  last_at: number;
}

/** The FTS5 index over customers (0010, content='customers', trigram); read with MATCH through raw SQL. */
export interface CustomersFtsTable {
  search_name: string;
  phone_digits: string;
  code: string;
}

/** This install and the installs it descends from or knows (0060); docs/architecture.md, "Install identity". */
export interface InstallsTable {
  /** Local number; what other tables point to. */
  key: Generated<number>;
  /** Global id (UUIDv7): what other installs know this one by. */
  id: string;
  /** The install number people see in codes: 1 for the first install of a shop. */
  tag: number;
  created_at: string;
  /** 1 on the row of the install this file belongs to now. */
  current: ColumnType<number, number | undefined, number>;
  /** Host and data folder the install was first opened in, "host\npath"; null until then. */
  bound_to: string | null;
}

/** A coupon campaign (0070); audience is JSON (shared/contract/campaigns.ts CampaignAudience). */
export interface CampaignsTable {
  id: Generated<number>;
  gid: Uint8Array;
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

/** The audience snapshot taken when a campaign's coupons were issued; hold-out members get none (0070). */
export interface CampaignMembersTable {
  campaign_id: number;
  customer_id: number;
  holdout: number;
}

/** One customer's coupon, or a shared code (customer_id null) with a usage limit (0070). */
export interface CouponsTable {
  id: Generated<number>;
  gid: Uint8Array;
  code: string;
  campaign_id: number;
  customer_id: number | null;
  usage_limit: number;
  used_count: ColumnType<number, number | undefined, number>;
  issued_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

/** One export of customers' contacts (a mailing list) (0080); selection is JSON (shared/contract/exports.ts). */
export interface ContactExportsTable {
  id: Generated<number>;
  gid: Uint8Array;
  exported_at: string;
  /** Where it was asked for: 'app' or 'cli' (no staff accounts yet). */
  exported_by: string;
  format: string;
  selection: string;
  include_without_consent: number;
  rows: number;
}

/** How a customer felt after a purchase, 1–5 and a note (0092); recorded_by NULL until staff accounts exist. */
export interface FeedbackTable {
  id: Generated<number>;
  gid: Uint8Array;
  customer_id: number;
  sale_id: number | null;
  rating: number;
  note: string | null;
  /** ms since the epoch (0100). */
  created_at: number;
  recorded_by: string | null;
}

/** One merge of two customers (0095): choices = which side each field came from, moved = rows moved, both JSON. */
export interface CustomerMergesTable {
  id: Generated<number>;
  gid: Uint8Array;
  survivor_id: number;
  absorbed_id: number;
  choices: string;
  moved: string;
  merged_at: string;
}

/** A staff account (0094); pin_hash is scrypt's (services/staff/pins.ts). */
export interface StaffTable {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'staff';
  pin_hash: string;
  active: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

/** Who did what and when (0094, compact since 0103), append-only; detail is JSON of ids and counts. */
export interface AuditLogTable {
  seq: Generated<number>;
  /** ms since the epoch. */
  at: number;
  /** The account's 16-byte id (null: nobody signed in, or the command line). */
  staff: Uint8Array | null;
  cli: number;
  /** services/staff/auditActions.ts's code; 0 with the action's name in detail. */
  action: number;
  /** A purchase at the counter: the sale's key, whose row says the rest. */
  sale: number | null;
  detail: string | null;
  approved_by: string | null;
  /** The install that wrote the row (0110); `origin_key` its seq there, only on a row another install wrote. */
  origin: number | null;
  origin_key: number | null;
  /** A row from another till: the account's name as that till knew it (accounts are not synced). */
  staff_name: string | null;
}

/** The staff member responsible for a customer (0094). */
export interface CustomerStaffTable {
  customer_id: number;
  staff_id: string;
  set_at: string;
}

/** What this install exported last (0101): one row, id 1. */
export interface SyncStateTable {
  id: number;
  /** The last feed this install wrote (0: none yet). */
  feed_seq: number;
  /** The change_log seq, sales key and ledger key that feed was cut at. */
  change_seq: number;
  sale_key: number;
  ledger_key: number;
  /** The last audit row sent (0110). */
  audit_key: ColumnType<number, number | undefined, number>;
}

/** The last feed applied from each other install (0101). */
export interface SyncPeersTable {
  install: number;
  feed_seq: number;
  /** The peer's clock minus ours when its last feed was applied (0106): at least this far ahead. */
  clock_offset_ms: ColumnType<number | null, number | null | undefined, number | null>;
  /** At most this far ahead, from the peer's own measure of our clock (0106); null until it has one. */
  clock_offset_max_ms: ColumnType<number | null, number | null | undefined, number | null>;
  clock_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An import under way, written in short transactions (0104); removed when it is done or swept. */
export interface ImportRunsTable {
  id: Generated<number>;
  /** 'sales' or 'customers'. */
  kind: string;
  source: string;
  /** The writing process and computer, and the time (ms) of its last chunk: a dead import is swept. */
  pid: number;
  host: string;
  started_at: number;
  beat_at: number;
  /** The heads (last change-log seq and keys) when it began: its rows, and all later ones, lie above. */
  seq_from: number;
  sale_from: number;
  ledger_from: number;
  customer_from: number;
  card_from: number;
}

/** The key range one chunk of an import wrote in one table (0104; tbl: services/importRuns.ts). */
export interface ImportSpansTable {
  run_id: number;
  tbl: number;
  lo: number;
  hi: number;
}

/** What a customers import's chunk overwrote (0110): the customer's previous values of the columns it changed, JSON. */
export interface ImportPreviousTable {
  run_id: number;
  customer_id: number;
  fields: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

/** What sync found that offline tills could not prevent (0105), derived from the facts alone (sync/findings.ts). */
export interface SyncFindingsTable {
  id: Generated<number>;
  kind: string;
  /** The global id of the customer or coupon it is about. */
  subject: Uint8Array;
  /** JSON: the rows involved by global id. */
  rows: string;
  /** JSON: the kind's figures (uses and limit, lowest balance…). */
  detail: string;
  /** ms: when the facts say it happened. */
  at: number;
  /** JSON: the installs whose feeds brought the rows. */
  installs: string;
  /** ms: when the owner marked it seen on this till (0113); null while unseen. Never sent. */
  seen_at: number | null;
}

export interface Database {
  settings: SettingsTable;
  sequences: SequencesTable;
  customers: CustomersTable;
  cards: CardsTable;
  sales: SalesTable;
  points_ledger: PointsLedgerTable;
  point_draws: PointDrawsTable;
  point_lots: PointLotsTable;
  lot_expiries: LotExpiriesTable;
  tier_floors: TierFloorsTable;
  point_bonuses: PointBonusesTable;
  change_log: ChangeLogTable;
  idempotency_keys: IdempotencyKeysTable;
  segments: SegmentsTable;
  customer_stats: CustomerStatsTable;
  customers_fts: CustomersFtsTable;
  installs: InstallsTable;
  campaigns: CampaignsTable;
  campaign_members: CampaignMembersTable;
  coupons: CouponsTable;
  contact_exports: ContactExportsTable;
  feedback: FeedbackTable;
  customer_merges: CustomerMergesTable;
  staff: StaffTable;
  audit_log: AuditLogTable;
  customer_staff: CustomerStaffTable;
  sync_state: SyncStateTable;
  sync_peers: SyncPeersTable;
  sync_findings: SyncFindingsTable;
  import_runs: ImportRunsTable;
  import_spans: ImportSpansTable;
  import_previous: ImportPreviousTable;
  schema_migrations: SchemaMigrationsTable;
}

type Columns<T> = { readonly [K in keyof T]-?: true };

/**
 * Every table's columns at run time, checked against the interfaces above by the compiler (a
 * column missing here or extra is a type error) and against the migrated file by
 * test/schema.test.ts, so a migration cannot add a table or column the types do not know.
 */
export const TABLE_COLUMNS: { readonly [T in keyof Database]: Columns<Database[T]> } = {
  settings: { key: true, value: true },
  sequences: { name: true, value: true },
  customers: {
    id: true,
    gid: true,
    code: true,
    full_name: true,
    search_name: true,
    phone: true,
    phone_digits: true,
    phone_canonical: true,
    email: true,
    email_norm: true,
    birthday: true,
    gender: true,
    area: true,
    address: true,
    tags: true,
    notes: true,
    consent_marketing: true,
    consent_date: true,
    consent_source: true,
    external_code: true,
    created_at: true,
    updated_at: true,
    erased_at: true,
    details_missing: true,
    merged_into: true,
  },
  cards: {
    id: true,
    gid: true,
    number: true,
    customer_id: true,
    status: true,
    issued_at: true,
    status_at: true,
    status_reason: true,
    replaced_by_card_id: true,
  },
  sales: {
    id: true,
    customer_id: true,
    card_id: true,
    total: true,
    points: true,
    note: true,
    sold_at: true,
    created_at: true,
    voided_at: true,
    void_reason: true,
    source: true,
    receipt_ref: true,
    amount_before: true,
    coupon_id: true,
    points_redeemed: true,
    redeemed_value: true,
    origin: true,
    origin_key: true,
  },
  points_ledger: {
    id: true,
    customer_id: true,
    sale_id: true,
    kind: true,
    points: true,
    reason: true,
    created_at: true,
    lot_debt: true,
    expires_at: true,
    origin: true,
    origin_key: true,
  },
  point_draws: { ledger_id: true, lot_id: true, points: true },
  point_lots: { customer_id: true, expiry_key: true, created_at: true, lot_id: true, remaining: true },
  lot_expiries: { expired_by: true, lot_id: true, expired: true },
  tier_floors: {
    id: true,
    gid: true,
    customer_id: true,
    tier: true,
    reason: true,
    until: true,
    set_at: true,
    set_by: true,
    cleared_at: true,
    clear_reason: true,
  },
  point_bonuses: { customer_id: true, occasion: true, ledger_id: true },
  change_log: { seq: true, hlc: true, origin: true, entity: true, entity_id: true, op: true, data: true },
  idempotency_keys: { key: true, method: true, request_hash: true, result: true, created_at: true },
  segments: { id: true, gid: true, name: true, rule: true, created_at: true, updated_at: true, deleted_at: true },
  customer_stats: { customer_id: true, visits: true, spend: true, first_at: true, last_at: true },
  customers_fts: { search_name: true, phone_digits: true, code: true },
  installs: { key: true, id: true, tag: true, created_at: true, current: true, bound_to: true },
  campaigns: {
    id: true,
    gid: true,
    name: true,
    audience: true,
    offer_kind: true,
    offer_value: true,
    offer_text: true,
    min_purchase: true,
    valid_from: true,
    valid_to: true,
    holdout_percent: true,
    status: true,
    issued_at: true,
    created_at: true,
    updated_at: true,
  },
  campaign_members: { campaign_id: true, customer_id: true, holdout: true },
  coupons: {
    id: true,
    gid: true,
    code: true,
    campaign_id: true,
    customer_id: true,
    usage_limit: true,
    used_count: true,
    issued_at: true,
    voided_at: true,
    void_reason: true,
  },
  contact_exports: {
    id: true,
    gid: true,
    exported_at: true,
    exported_by: true,
    format: true,
    selection: true,
    include_without_consent: true,
    rows: true,
  },
  feedback: { id: true, gid: true, customer_id: true, sale_id: true, rating: true, note: true, created_at: true, recorded_by: true },
  customer_merges: { id: true, gid: true, survivor_id: true, absorbed_id: true, choices: true, moved: true, merged_at: true },
  staff: { id: true, name: true, role: true, pin_hash: true, active: true, created_at: true, updated_at: true },
  audit_log: {
    seq: true,
    at: true,
    staff: true,
    cli: true,
    action: true,
    sale: true,
    detail: true,
    approved_by: true,
    origin: true,
    origin_key: true,
    staff_name: true,
  },
  customer_staff: { customer_id: true, staff_id: true, set_at: true },
  sync_state: { id: true, feed_seq: true, change_seq: true, sale_key: true, ledger_key: true, audit_key: true },
  sync_peers: { install: true, feed_seq: true, clock_offset_ms: true, clock_offset_max_ms: true, clock_at: true },
  sync_findings: { id: true, kind: true, subject: true, rows: true, detail: true, at: true, installs: true, seen_at: true },
  import_runs: {
    id: true,
    kind: true,
    source: true,
    pid: true,
    host: true,
    started_at: true,
    beat_at: true,
    seq_from: true,
    sale_from: true,
    ledger_from: true,
    customer_from: true,
    card_from: true,
  },
  import_spans: { run_id: true, tbl: true, lo: true, hi: true },
  import_previous: { run_id: true, customer_id: true, fields: true },
  schema_migrations: { name: true, applied_at: true },
};
