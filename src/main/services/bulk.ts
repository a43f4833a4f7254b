/**
 * The bulk path: many customers, cards or purchases in one all-or-nothing transaction, fast
 * enough for a CSV import of years of history (and the benchmark's synthetic shop).
 *
 * API (all functions are SYNCHRONOUS and run in one SQLite transaction each; called while a
 * transaction is already open — e.g. inside a kysely `db.transaction()` on the same handle — they
 * write into it, so an importer can wrap several calls in its own transaction; not as a savepoint,
 * see `inTransaction`). Results carry both forms of each row's name: `ids` the API's, `keys` the
 * local keys (0100) other bulk calls and services take.
 *
 *   bulkInsertCustomers(db, rows: BulkCustomer[], opts?) -> { ids, keys, codes }   (same order as rows)
 *     rows[i].data is a CustomerData, i.e. already parsed by `customerInput` from the contract.
 *     Codes come from the 'customer' sequence, reserved as one block (C000001, C000002, …; C2-000001 on
 *     install 2, services/install.ts), except
 *     for rows that bring their own (`code`: an old system's customer number); an own code of the
 *     generated form (C000123) moves the sequence past it, so the shop never generates it again.
 *   bulkIssueCards(db, customers: BulkRef[], opts?) -> { ids, keys, numbers }  (one active card each)
 *   bulkInsertSales(db, rows: BulkSale[], opts?) -> { ids, keys, pointsEarned }  (same order as rows)
 *     Points follow the shop's rule (settings.pointsRule) for sales with a customer; each earning
 *     sale gets an 'earn' ledger row dated soldAt (its lot: `expires_at` and a point_lots row), a voided one
 *     also a 'reverse' row dated voidedAt that drew the lot back (exactly what recordSale + voidSale
 *     would have left). opts.earnPoints false: no points at all; opts.earnReason: the ledger's
 *     reason (default 'purchase'; an import writes its source).
 *     A customer or card is named by its local key, or by its API id (looked up once per id).
 *
 *   `db` is `{ db: Kysely, sqlite: BetterSqlite3.Database }` — the `Db` from db/open.ts or
 *   `backend.database`. Every customer and card gets one change_log row (time = opts.now); a
 *   purchase's creation is not logged (0100: sales are read by key).
 *   opts.now: the clock for created_at / change_log (default: wall clock).
 *   opts.newId: global-id generator for customers and cards (default: uuidv7Generator(), a fast
 *   batch UUIDv7); the benchmark passes a seeded one for determinism.
 *   A failing row (foreign key, unique external code, CHECK, an unknown API id) throws BulkRowError with its index
 *   and the SQLite error as `cause`. On its own, nothing of that call is written; inside the
 *   caller's transaction the rows before it stay written until the caller rolls back (a kysely
 *   transaction does when the error leaves its callback).
 *
 * Why not the per-row services: each of their statements is an await through kysely's async
 * driver plus a fresh compile, which at a million rows costs more than the inserts; the prepared
 * statements of db/prepared.ts run per row synchronously.
 */
import crypto from 'node:crypto';
import { makeCardNumber } from '../../shared/cardNumber';
import type { CustomerData } from '../../shared/contract';
import type { StoredPhone } from '../../shared/phone';
import { expiryOf, pointsFor } from '../../shared/points';
import { localDate } from '../../shared/time';
import { AppError } from '../../shared/errors';
import { changeLogBatch } from '../db/changeLog';
import { preparedFirst, preparedInsert, type SyncDb } from '../db/prepared';
import { CUSTOMER_DATA_COLUMNS, customerColumns, customerColumnValues, formatCustomerCode } from './customers';
import { installTagSync } from './install';
import { factId, storedGid } from './keys';
import { readSettingsSync } from './settings';
import { expiryKey } from './points/lots';

export type BulkDb = SyncDb;

export interface BulkOptions {
  now?: () => Date;
  newId?: () => string;
  /** Phones the caller has already read (an import), so each is parsed once. */
  knownPhone?: (typed: string) => StoredPhone | undefined;
}

export interface BulkCustomer {
  data: CustomerData;
  /** The customer's own code (from an old system); default: the next generated one. */
  code?: string;
  /** Created from a code alone: flagged for completion on the customer page. */
  detailsMissing?: boolean;
  /** When the customer joined (UTC ISO); default: now. */
  createdAt?: string;
}

/** A customer or card: its local key, or its API id. */
export type BulkRef = number | string;

export interface BulkSale {
  customerId: BulkRef | null;
  cardId?: BulkRef | null;
  /** Minor units, > 0. */
  amount: number;
  /** UTC ISO-8601. */
  soldAt: string;
  /** 'import', 'counter', …; (source, receiptRef) is unique when receiptRef is given. */
  source?: string;
  receiptRef?: string | null;
  note?: string | null;
  voidedAt?: string | null;
  voidReason?: string | null;
}

export class BulkRowError extends Error {
  constructor(
    readonly table: string,
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`${table} row ${index + 1}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'BulkRowError';
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * UUIDv7 for many rows at once (RFC 9562 §6.2 method 1): the millisecond clock, a 12-bit counter
 * that keeps ids from one millisecond in order, and 62 random bits from a pooled buffer. The uuidv7
 * package formats each id digit by digit — several µs an id, the largest single cost of a bulk
 * insert that makes two ids per purchase.
 */
export function uuidv7Generator(): () => string {
  const pool = Buffer.alloc(8 * 1024);
  let at = pool.length;
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Date.now();
    if (ms <= lastMs) {
      counter++;
      if (counter > 0xfff) {
        lastMs++;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = 0;
    }
    if (at + 8 > pool.length) {
      crypto.randomFillSync(pool);
      at = 0;
    }
    const t = ms.toString(16).padStart(12, '0');
    const r = pool;
    const id =
      t.slice(0, 8) +
      '-' +
      t.slice(8, 12) +
      '-7' +
      HEX[counter >>> 8]!.slice(1) +
      HEX[counter & 0xff]! +
      '-' +
      HEX[0x80 | (r[at]! & 0x3f)] +
      HEX[r[at + 1]!] +
      '-' +
      HEX[r[at + 2]!] +
      HEX[r[at + 3]!] +
      HEX[r[at + 4]!] +
      HEX[r[at + 5]!] +
      HEX[r[at + 6]!] +
      HEX[r[at + 7]!];
    at += 8;
    return id;
  };
}

/** Moves a named sequence to at least `value`, so the values up to it are never handed out. */
function raiseSequence(k: BulkDb, name: string, value: number): void {
  const q = k.db
    .insertInto('sequences')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.fn('max', ['sequences.value', eb.ref('excluded.value')]) })))
    .compile();
  k.sqlite.prepare(q.sql).run(q.parameters as unknown[]);
}

/** The sequence number behind a code of this install's generated form (C000123 → 123 on install 1, C2-000123 on install 2), or null. */
export function generatedCodeNumber(code: string, installTag = 1): number | null {
  const m = /^C(?:\d+-)?(\d+)$/i.exec(code);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && formatCustomerCode(n, installTag) === code.toUpperCase() ? n : null;
}

/** Reserves `count` values of a named sequence in one statement; returns the first. */
export function reserveSequence(k: BulkDb, name: string, count: number): number {
  const q = k.db
    .insertInto('sequences')
    .values({ name, value: count })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('sequences.value', '+', count) })))
    .returning('value')
    .compile();
  const row = k.sqlite.prepare(q.sql).get(q.parameters as unknown[]) as { value: number };
  return row.value - count + 1;
}

/**
 * Runs `body` in a transaction of its own, or in the caller's when one is open — never as a
 * savepoint. While any savepoint is open, SQLite keeps every page the savepoint changed in an
 * in-memory sub-journal and, at the end of each statement that needs a statement journal (every
 * insert here: constraints, triggers, foreign keys), walks that journal's 1 KB chunks from the start to truncate
 * it. The walk grows with the rows already written, so per-row cost grew with the batch: on the
 * 1M-sale shop 0.05 ms a sale in plain BEGIN, 0.4 ms over 2k rows and 2.5 ms over 8k rows in a
 * savepoint; a 50k-row import ran at ~500 rows/s.
 */
function inTransaction(k: BulkDb, body: () => void): void {
  if (k.sqlite.inTransaction) body();
  else k.sqlite.transaction(body)();
}

function runRows<T>(table: string, rows: readonly T[], each: (row: T, i: number) => void): void {
  for (let i = 0; i < rows.length; i++) {
    try {
      each(rows[i]!, i);
    } catch (e) {
      throw new BulkRowError(table, i, e);
    }
  }
}

/**
 * Local keys of the rows API ids name in `table`, looked up once per id; an id that names nothing
 * fails its row (NOT_FOUND), as an unknown key fails on its foreign key.
 */
function refResolver(k: BulkDb, table: 'customers' | 'cards', what: string): (ref: BulkRef) => number {
  const stmt = k.sqlite.prepare(k.db.selectFrom(table).select('id').where('gid', '=', Buffer.alloc(16)).compile().sql);
  const seen = new Map<string, number>();
  return (ref) => {
    if (typeof ref === 'number') return ref;
    let key = seen.get(ref);
    if (key === undefined) {
      const gid = storedGid(ref);
      const row = gid ? (stmt.get(gid) as { id: number } | undefined) : undefined;
      if (!row) throw new AppError('NOT_FOUND', `No ${what} with this id.`);
      seen.set(ref, (key = row.id));
    }
    return key;
  };
}

/** This install's key: the `origin` of every purchase and ledger row it writes. */
function installKeySync(k: BulkDb): number {
  const row = preparedFirst<{ key: number }>(k, k.db.selectFrom('installs').select('key').where('current', '=', 1))();
  if (!row) throw new Error('no current install');
  return row.key;
}

/** A global id as stored, from the generator's text form. */
function gidOf(id: string): Buffer {
  const gid = storedGid(id);
  if (!gid) throw new Error(`not a UUID: ${id}`);
  return gid;
}

const rowKey = (r: { lastInsertRowid: number | bigint }): number => Number(r.lastInsertRowid);

const CUSTOMER_COLUMNS = ['gid', 'code', ...CUSTOMER_DATA_COLUMNS, 'created_at', 'updated_at', 'erased_at', 'details_missing'] as const;

export function bulkInsertCustomers(
  k: BulkDb,
  rows: readonly BulkCustomer[],
  opts: BulkOptions = {},
): { ids: string[]; keys: number[]; codes: string[] } {
  const newId = opts.newId ?? uuidv7Generator();
  const now = (opts.now ?? (() => new Date()))();
  const at = now.toISOString();
  const ids: string[] = [];
  const keys: number[] = [];
  const codes: string[] = [];
  if (rows.length === 0) return { ids, keys, codes };
  inTransaction(k, () => {
    const { timeZone, country } = readSettingsSync(k);
    const tag = installTagSync(k);
    const today = localDate(now, timeZone);
    const insert = preparedInsert(k, 'customers', CUSTOMER_COLUMNS);
    const log = changeLogBatch(k);
    let highest = 0;
    for (const r of rows) if (r.code !== undefined) highest = Math.max(highest, generatedCodeNumber(r.code, tag) ?? 0);
    if (highest > 0) raiseSequence(k, 'customer', highest);
    const generated = rows.filter((r) => r.code === undefined).length;
    let next = generated > 0 ? reserveSequence(k, 'customer', generated) : 0;
    runRows('customers', rows, (r) => {
      const id = newId();
      const code = r.code ?? formatCustomerCode(next++, tag);
      const created = r.createdAt ?? at;
      const c = customerColumns(r.data, today, country, opts.knownPhone);
      const key = rowKey(insert([gidOf(id), code, ...customerColumnValues(c), created, created, null, r.detailsMissing ? 1 : 0]));
      log('customer', key, 'create', at);
      ids.push(id);
      keys.push(key);
      codes.push(code);
    });
  });
  return { ids, keys, codes };
}

export function bulkIssueCards(
  k: BulkDb,
  customers: readonly BulkRef[],
  opts: BulkOptions & { issuedAt?: readonly string[] } = {},
): { ids: string[]; keys: number[]; numbers: string[] } {
  const newId = opts.newId ?? uuidv7Generator();
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const ids: string[] = [];
  const keys: number[] = [];
  const numbers: string[] = [];
  if (customers.length === 0) return { ids, keys, numbers };
  inTransaction(k, () => {
    const insert = preparedInsert(k, 'cards', [
      'gid',
      'number',
      'customer_id',
      'status',
      'issued_at',
      'status_at',
      'status_reason',
      'replaced_by_card_id',
    ]);
    const customerKey = refResolver(k, 'customers', 'customer');
    const log = changeLogBatch(k);
    const first = reserveSequence(k, 'card', customers.length);
    const tag = installTagSync(k);
    runRows('cards', customers, (customer, i) => {
      const id = newId();
      const number = makeCardNumber(first + i, tag);
      const key = rowKey(insert([gidOf(id), number, customerKey(customer), 'active', opts.issuedAt?.[i] ?? at, null, null, null]));
      log('card', key, 'issue', at);
      ids.push(id);
      keys.push(key);
      numbers.push(number);
    });
  });
  return { ids, keys, numbers };
}

/** A purchase's columns as bulk writes them (made here: origin_key NULL; no coupon, no redemption). */
const SALE_COLUMNS = [
  'customer_id',
  'card_id',
  'total',
  'points',
  'note',
  'sold_at',
  'created_at',
  'voided_at',
  'void_reason',
  'source',
  'receipt_ref',
  'origin',
] as const;

/**
 * A ledger row made here, positionally (0100): `id` may be null (SQLite picks the next key) or
 * named first when draws must point to it; `lot_debt`/`expires_at` make an adding row a lot (NULL
 * lot_debt for a row that takes points; what is left of a lot is its point_lots row, 0112); `reason` NULL is an earning from a purchase.
 */
const LEDGER_COLUMNS = [
  'id',
  'customer_id',
  'sale_id',
  'kind',
  'points',
  'reason',
  'created_at',
  'lot_debt',
  'expires_at',
  'origin',
] as const;

export function bulkInsertSales(
  k: BulkDb,
  rows: readonly BulkSale[],
  opts: BulkOptions & { earnPoints?: boolean; earnReason?: string } = {},
): { ids: string[]; keys: number[]; pointsEarned: number } {
  const atMs = (opts.now ?? (() => new Date()))().getTime();
  const ids: string[] = [];
  const keys: number[] = [];
  let pointsEarned = 0;
  if (rows.length === 0) return { ids, keys, pointsEarned };
  inTransaction(k, () => {
    const { pointsRule, pointsExpiryMonths } = readSettingsSync(k);
    const insertSale = preparedInsert(k, 'sales', SALE_COLUMNS);
    const insertLedger = preparedInsert(k, 'points_ledger', LEDGER_COLUMNS);
    const insertDraw = preparedInsert(k, 'point_draws', ['ledger_id', 'lot_id', 'points']);
    const insertLot = preparedInsert(k, 'point_lots', ['customer_id', 'expiry_key', 'created_at', 'lot_id', 'remaining']);
    const customerKey = refResolver(k, 'customers', 'customer');
    const cardKey = refResolver(k, 'cards', 'card');
    const origin = installKeySync(k);
    // The defaults are stored as NULL (0100).
    const earnReason = opts.earnReason === undefined || opts.earnReason === 'purchase' ? null : opts.earnReason;
    runRows('sales', rows, (r) => {
      const customer = r.customerId === null ? null : customerKey(r.customerId);
      const points = customer !== null && opts.earnPoints !== false ? pointsFor(r.amount, pointsRule) : 0;
      const soldMs = Date.parse(r.soldAt);
      const voidedMs = r.voidedAt ? Date.parse(r.voidedAt) : null;
      const source = r.source ?? 'import';
      const key = rowKey(
        insertSale([
          customer,
          r.cardId == null ? null : cardKey(r.cardId),
          r.amount,
          points,
          r.note ?? null,
          soldMs,
          atMs,
          voidedMs,
          voidedMs !== null ? (r.voidReason ?? 'voided') : null,
          source === 'counter' ? null : source,
          r.receiptRef ?? null,
          origin,
        ]),
      );
      if (customer !== null && points > 0) {
        // The earning is its lot; an imported void took it back whole. Imported history does not
        // pay what a customer owes (a balance below zero): the import assumes none.
        const expires = expiryOf(r.soldAt, pointsExpiryMonths);
        const expiresMs = expires === null ? null : Date.parse(expires);
        const earn = rowKey(insertLedger([null, customer, key, 'earn', points, earnReason, soldMs, 0, expiresMs, origin]));
        if (voidedMs === null) insertLot([customer, expiryKey(expiresMs), soldMs, earn, points]);
        if (voidedMs !== null) {
          const reverse = rowKey(
            insertLedger([null, customer, key, 'reverse', -points, `void: ${r.voidReason ?? 'voided'}`, voidedMs, null, null, origin]),
          );
          insertDraw([reverse, earn, points]);
        } else pointsEarned += points;
      }
      ids.push(factId(key));
      keys.push(key);
    });
  });
  return { ids, keys, pointsEarned };
}
