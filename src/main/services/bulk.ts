/**
 * The bulk path: many customers, cards or purchases in one all-or-nothing transaction, fast
 * enough for a CSV import of years of history (and the benchmark's synthetic shop).
 *
 * API (all functions are SYNCHRONOUS and run in one SQLite transaction each; called while a
 * transaction is already open — e.g. inside a kysely `db.transaction()` on the same handle — they
 * write into it, so an importer can wrap several calls in its own transaction; not as a savepoint,
 * see `inTransaction`):
 *
 *   bulkInsertCustomers(db, rows: BulkCustomer[], opts?) -> { ids, codes }      (same order as rows)
 *     rows[i].data is a CustomerData, i.e. already parsed by `customerInput` from the contract.
 *     Codes come from the 'customer' sequence, reserved as one block (C000001, C000002, …; C2-000001 on
 *     install 2, services/install.ts), except
 *     for rows that bring their own (`code`: an old system's customer number); an own code of the
 *     generated form (C000123) moves the sequence past it, so the shop never generates it again.
 *   bulkIssueCards(db, customerIds: string[], opts?) -> { ids, numbers }        (one active card each)
 *   bulkInsertSales(db, rows: BulkSale[], opts?) -> { ids, pointsEarned }      (same order as rows)
 *     Points follow the shop's rule (settings.pointsRule) for sales with a customer; each earning
 *     sale gets an 'earn' ledger row dated soldAt, a voided one also a 'reverse' row dated voidedAt
 *     (exactly what recordSale + voidSale would have left). opts.earnPoints false: no points at
 *     all; opts.earnReason: the ledger's reason (default 'purchase'; an import writes its source).
 *
 *   `db` is `{ db: Kysely, sqlite: BetterSqlite3.Database }` — the `Db` from db/open.ts or
 *   `backend.database`. Every written entity gets one change_log 'create' row (time = opts.now).
 *   opts.now: the clock for created_at / change_log (default: wall clock).
 *   opts.newId: id generator (default: uuidv7Generator(), a fast batch UUIDv7); the benchmark passes
 *   a seeded one for determinism.
 *   A failing row (foreign key, unique external code, CHECK) throws BulkRowError with its index
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
import { lotStatements } from './points/lots';
import { changeLogBatch } from '../db/changeLog';
import { preparedInsert, type SyncDb } from '../db/prepared';
import { CUSTOMER_DATA_COLUMNS, customerColumns, customerColumnValues, formatCustomerCode } from './customers';
import { installTagSync } from './install';
import { readSettingsSync } from './settings';

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

export interface BulkSale {
  customerId: string | null;
  cardId?: string | null;
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

const CUSTOMER_COLUMNS = ['id', 'code', ...CUSTOMER_DATA_COLUMNS, 'created_at', 'updated_at', 'erased_at', 'details_missing'] as const;

export function bulkInsertCustomers(k: BulkDb, rows: readonly BulkCustomer[], opts: BulkOptions = {}): { ids: string[]; codes: string[] } {
  const newId = opts.newId ?? uuidv7Generator();
  const now = (opts.now ?? (() => new Date()))();
  const at = now.toISOString();
  const ids: string[] = [];
  const codes: string[] = [];
  if (rows.length === 0) return { ids, codes };
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
      insert([id, code, ...customerColumnValues(c), created, created, null, r.detailsMissing ? 1 : 0]);
      log('customer', id, 'create', at);
      ids.push(id);
      codes.push(code);
    });
  });
  return { ids, codes };
}

export function bulkIssueCards(
  k: BulkDb,
  customerIds: readonly string[],
  opts: BulkOptions & { issuedAt?: readonly string[] } = {},
): { ids: string[]; numbers: string[] } {
  const newId = opts.newId ?? uuidv7Generator();
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const ids: string[] = [];
  const numbers: string[] = [];
  if (customerIds.length === 0) return { ids, numbers };
  inTransaction(k, () => {
    const insert = preparedInsert(k, 'cards', [
      'id',
      'number',
      'customer_id',
      'status',
      'issued_at',
      'status_at',
      'status_reason',
      'replaced_by_card_id',
    ]);
    const log = changeLogBatch(k);
    const first = reserveSequence(k, 'card', customerIds.length);
    const tag = installTagSync(k);
    runRows('cards', customerIds, (customerId, i) => {
      const id = newId();
      const number = makeCardNumber(first + i, tag);
      insert([id, number, customerId, 'active', opts.issuedAt?.[i] ?? at, null, null, null]);
      log('card', id, 'issue', at);
      ids.push(id);
      numbers.push(number);
    });
  });
  return { ids, numbers };
}

const SALE_COLUMNS = [
  'id',
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
] as const;
export const LEDGER_COLUMNS = ['id', 'customer_id', 'sale_id', 'kind', 'points', 'reason', 'created_at'] as const;

export function bulkInsertSales(
  k: BulkDb,
  rows: readonly BulkSale[],
  opts: BulkOptions & { earnPoints?: boolean; earnReason?: string } = {},
): { ids: string[]; pointsEarned: number } {
  const newId = opts.newId ?? uuidv7Generator();
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const ids: string[] = [];
  let pointsEarned = 0;
  if (rows.length === 0) return { ids, pointsEarned };
  inTransaction(k, () => {
    const { pointsRule, pointsExpiryMonths } = readSettingsSync(k);
    const insertSale = preparedInsert(k, 'sales', SALE_COLUMNS);
    const insertLedger = preparedInsert(k, 'points_ledger', LEDGER_COLUMNS);
    const lots = lotStatements(k);
    const log = changeLogBatch(k);
    runRows('sales', rows, (r, _i) => {
      const id = newId();
      const customerId = r.customerId;
      const points = customerId && opts.earnPoints !== false ? pointsFor(r.amount, pointsRule) : 0;
      const voidedAt = r.voidedAt ?? null;
      insertSale([
        id,
        customerId,
        r.cardId ?? null,
        r.amount,
        points,
        r.note ?? null,
        r.soldAt,
        at,
        voidedAt,
        voidedAt ? (r.voidReason ?? 'voided') : null,
        r.source ?? 'import',
        r.receiptRef ?? null,
      ]);
      if (customerId && points > 0) {
        const earnId = newId();
        insertLedger([earnId, customerId, id, 'earn', points, opts.earnReason ?? 'purchase', r.soldAt]);
        // Its lot (points/lots.ts); an imported void took its own lot back whole. Imported history
        // does not pay what a customer owes (a balance below zero): the import assumes none.
        lots.insertLot([earnId, customerId, id, points, voidedAt ? 0 : points, r.soldAt, expiryOf(r.soldAt, pointsExpiryMonths)]);
        if (voidedAt) {
          const reverseId = newId();
          insertLedger([reverseId, customerId, id, 'reverse', -points, `void: ${r.voidReason ?? 'voided'}`, voidedAt]);
          lots.insertDraw([reverseId, earnId, points]);
        } else pointsEarned += points;
      }
      log('sale', id, 'create', at);
      ids.push(id);
    });
  });
  return { ids, pointsEarned };
}
