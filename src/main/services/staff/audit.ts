/**
 * The audit log's one writer and its reader. dispatch hands it a row for every successful call the
 * role map marks (roles.ts) and the PIN check one for each wrong PIN. Rows hold ids and counts
 * picked from the call's input and answer, never a customer's name or phone (an erased customer
 * stays erased).
 *
 * A purchase at the counter writes its row inside the sale's own transaction (`writeAuditWithin`, run
 * by the sale through dispatch's call hook, api/types.ts `Call`): one commit, one fsync, and a sale
 * and its row are both on disk or neither is. Other rows are queued and written together right after
 * the call has answered (setImmediate), in one transaction: the shop file commits with synchronous =
 * FULL, and a commit of its own after each call would double its fsyncs. The price is that a crash in
 * the millisecond between such a call's commit and the flush loses that row. A flush waits while
 * another transaction is open on the connection (its rows must not share that transaction's fate)
 * or while another program holds the write lock; reading the log flushes first.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { AuditEntry } from '../../../shared/contract/staff';
import { isBusyError } from '../../db/busy';
import { preparedInsert, runNow } from '../../db/prepared';
import type { Ctx } from '../context';
import { apiId, factId, isoOf, storedGid } from '../keys';
import { actionCode, actionOf } from './auditActions';

export interface AuditRow {
  staffId: string | null;
  staffName: string | null;
  via: 'app' | 'cli';
  action: string;
  detail: Record<string, unknown>;
  approvedBy?: string | null;
}

const COLUMNS = ['at', 'staff', 'cli', 'action', 'sale', 'detail', 'approved_by', 'origin'] as const;
/** How long a flush waits for an open transaction or another writer before trying again. */
const RETRY_MS = 25;

interface Queue {
  rows: unknown[][];
  timer: 'immediate' | 'timeout' | null;
  write: (rows: unknown[][]) => void;
  insert: (row: unknown[]) => unknown;
  /** This install's key: the rows' origin (0110; the install of an open file does not change). */
  origin: number;
}

const queues = new WeakMap<BetterSqlite3.Database, Queue>();

function queueOf(ctx: Ctx): Queue & { sqlite: BetterSqlite3.Database } {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('the audit log needs the raw database handle');
  let q = queues.get(sqlite);
  if (!q) {
    const insert = preparedInsert({ db: ctx.db, sqlite }, 'audit_log', COLUMNS);
    const write = sqlite.transaction((rows: unknown[][]) => {
      for (const r of rows) insert(r);
    });
    const [current] = runNow<{ key: number }>({ db: ctx.db, sqlite }, ctx.db.selectFrom('installs').select('key').where('current', '=', 1));
    const origin = current?.key ?? 1;
    queues.set(sqlite, (q = { rows: [], timer: null, write: (rows) => write.immediate(rows), insert, origin }));
  }
  return Object.assign(q, { sqlite });
}

/** An account's id as the log stores it: a UUID's 16 bytes (any other id as its text's bytes). */
export const staffBytes = (id: string): Buffer => storedGid(id) ?? Buffer.from(id, 'utf8');
export const staffText = (b: Uint8Array): string => (b.length === 16 ? apiId(b) : Buffer.from(b).toString('utf8'));

/** A purchase's detail is exactly what its sale row says (id, customer, amount, points): the row keeps the sale's key instead. */
const SALE_DETAIL = ['id', 'customerId', 'amount', 'points'];
function saleKeyOf(action: string, detail: Record<string, unknown>): number | null {
  if (action !== 'sales.record') return null;
  const keys = Object.keys(detail);
  if (keys.length !== SALE_DETAIL.length || !SALE_DETAIL.every((k) => keys.includes(k))) return null;
  return typeof detail.id === 'string' && /^[1-9]\d{0,15}$/.test(detail.id) ? Number(detail.id) : null;
}

/**
 * The row as stored (migration 0103): ~25 bytes for a sale at the counter, which was ~180 with its
 * ISO time, method name, the staff member's UUID and name and JSON repeating the sale.
 */
function storedRow(at: number, row: AuditRow, origin: number): unknown[] {
  const code = actionCode(row.action);
  const sale = saleKeyOf(row.action, row.detail);
  const detail = code === 0 ? { ...row.detail, action: row.action } : row.detail;
  return [
    at,
    row.staffId === null ? null : staffBytes(row.staffId),
    row.via === 'cli' ? 1 : 0,
    code,
    sale,
    sale !== null || Object.keys(detail).length === 0 ? null : JSON.stringify(detail),
    row.approvedBy ?? null,
    origin,
  ];
}

export function writeAudit(ctx: Ctx, row: AuditRow): void {
  const q = queueOf(ctx);
  q.rows.push(storedRow(ctx.now().getTime(), row, q.origin));
  if (q.timer === null) {
    q.timer = 'immediate';
    setImmediate(() => tryFlush(ctx));
  }
}

/**
 * Writes the row now, into the transaction open on the connection (the call's own): it commits or
 * rolls back with the call's writes.
 */
export function writeAuditWithin(ctx: Ctx, row: AuditRow): void {
  const q = queueOf(ctx);
  if (!q.sqlite.inTransaction) throw new Error('writeAuditWithin runs inside the call’s transaction');
  q.insert(storedRow(ctx.now().getTime(), row, q.origin));
}

/**
 * Before a call that will write its row inside its own transaction: rows of earlier calls still
 * queued (answered in the same turn of the event loop) are written first, so the log keeps the
 * calls' order. Nothing queued, nothing done: the usual case at the counter. Not when a flush
 * already found the file busy (it retries on a timer): a try spins the busy timeout synchronously,
 * and the sale's own try will spin it again.
 */
export function flushBeforeWithin(ctx: Ctx): void {
  if (queueOf(ctx).timer !== 'immediate') return;
  try {
    flushAudit(ctx);
  } catch (e) {
    // Another program holds the lock: the call will wait for it, the rows stay queued.
    if (!isBusyError(e)) throw e;
  }
}

/**
 * What is queued on this connection, written now if it can be (sync calls it before an export, so a
 * feed carries the calls made just before it): no transaction open on it, and the lock free.
 */
export function flushQueuedAudit(sqlite: BetterSqlite3.Database): void {
  const q = queues.get(sqlite);
  if (!q || q.rows.length === 0 || sqlite.inTransaction) return;
  const rows = q.rows;
  q.rows = [];
  try {
    q.write(rows);
  } catch (e) {
    q.rows = [...rows, ...q.rows];
    if (!isBusyError(e)) throw e;
  }
}

function tryFlush(ctx: Ctx): void {
  const q = queueOf(ctx);
  q.timer = null;
  if (!q.sqlite.open) return;
  try {
    if (!flushAudit(ctx)) throw new Error('in a transaction');
  } catch (e) {
    if (!isBusyError(e) && !(e instanceof Error && e.message === 'in a transaction')) {
      console.error('[regulars] the audit log could not be written', e);
      return;
    }
    q.timer = 'timeout';
    setTimeout(() => tryFlush(ctx), RETRY_MS).unref();
  }
}

/**
 * Writes what is queued now; false when a transaction is open on the connection (nothing written).
 * Throws a busy error when another program holds the write lock (the rows stay queued).
 */
export function flushAudit(ctx: Ctx): boolean {
  const q = queueOf(ctx);
  if (q.rows.length === 0) return true;
  if (q.sqlite.inTransaction) return false;
  const rows = q.rows;
  q.rows = [];
  try {
    q.write(rows);
  } catch (e) {
    q.rows = [...rows, ...q.rows];
    throw e;
  }
  return true;
}

/** Input and answer fields worth keeping: which records, how many, how much. */
const KEPT = [
  'id',
  'customerId',
  'saleId',
  'cardId',
  'campaignId',
  'segmentId',
  'staffId',
  'role',
  'active',
  'total',
  'amount',
  'points',
  'rows',
  'count',
  'imported',
  'customersCreated',
  'skipped',
  'skippedErrors',
  'created',
  'updated',
  'issued',
  'format',
  'status',
  'method',
  'approvedBy',
] as const;

function pick(from: unknown, into: Record<string, unknown>): void {
  if (!from || typeof from !== 'object' || Array.isArray(from)) return;
  const o = from as Record<string, unknown>;
  for (const k of KEPT) {
    const v = o[k];
    if (v === undefined || k in into) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)
      into[k] = typeof v === 'string' ? v.slice(0, 64) : v;
  }
}

/** What a call's row says: the answer's ids and counts first (a created record's id), then the input's. */
export function auditDetail(input: unknown, output: unknown): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  pick(output, detail);
  // An answer that wraps its record ({ sale, pointsBalance }): the record's id is the one to keep.
  if (output && typeof output === 'object' && !Array.isArray(output)) for (const v of Object.values(output)) pick(v, detail);
  pick(input, detail);
  if (Array.isArray(output)) detail.count = output.length;
  return detail;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  staffId?: string;
  action?: string;
  before?: number;
  limit: number;
}

/**
 * Newest first by time (rows from other tills arrive later than they were written), then seq; `before`
 * is the last row shown, whose time and seq the next page continues from. `from`/`to` are UTC
 * instants' bounds already (the handler turns shop days into them).
 */
export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<{ entries: AuditEntry[]; more: boolean }> {
  flushAudit(ctx);
  let query = ctx.db
    .selectFrom('audit_log as a')
    // A purchase's row names its sale: what it showed is read from there.
    .leftJoin('sales as s', 's.id', 'a.sale')
    .leftJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('installs as i', 'i.key', 'a.origin')
    .select([
      'a.seq',
      'a.at',
      'a.staff',
      'a.cli',
      'a.action',
      'a.sale',
      'a.detail',
      'a.approved_by',
      'a.staff_name',
      's.total',
      's.points',
      'c.gid',
      'i.tag',
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.seq', 'desc')
    .limit(q.limit + 1);
  if (q.before !== undefined) {
    const last = await ctx.db.selectFrom('audit_log').select('at').where('seq', '=', q.before).executeTakeFirst();
    if (last) {
      const { at } = last;
      query = query.where((eb) => eb.or([eb('a.at', '<', at), eb.and([eb('a.at', '=', at), eb('a.seq', '<', q.before!)])]));
    } else query = query.where('a.seq', '<', q.before);
  }
  if (q.from !== undefined) query = query.where('a.at', '>=', Date.parse(q.from));
  if (q.to !== undefined) query = query.where('a.at', '<', Date.parse(q.to));
  if (q.staffId !== undefined) query = query.where('a.staff', '=', staffBytes(q.staffId));
  if (q.action !== undefined) {
    const code = actionCode(q.action);
    query = query.where('a.action', '=', code);
    if (code === 0) query = query.where(sql<string>`json_extract(a.detail, '$.action')`, '=', q.action);
  }
  const rows = await query.execute();
  const more = rows.length > q.limit;
  // Names from the accounts (never deleted, only deactivated): a handful of rows.
  const names = new Map((await ctx.db.selectFrom('staff').select(['id', 'name']).execute()).map((s) => [s.id, s.name]));
  return {
    more,
    entries: rows.slice(0, q.limit).map((r) => {
      const staffId = r.staff === null ? null : staffText(r.staff);
      let detail: Record<string, unknown> = r.detail === null ? {} : (JSON.parse(r.detail) as Record<string, unknown>);
      let action = actionOf(r.action);
      if (action === undefined) {
        action = typeof detail.action === 'string' ? detail.action : `#${r.action}`;
        const { action: _named, ...rest } = detail;
        detail = rest;
      }
      if (r.sale !== null)
        detail = { id: factId(r.sale), customerId: r.gid ? apiId(r.gid) : null, amount: r.total ?? null, points: r.points ?? null };
      return {
        seq: r.seq,
        at: isoOf(r.at),
        staffId,
        // Another till's row: the name it sent (its accounts are its own); null shows as "staff of till N".
        staffName: staffId === null ? null : (r.staff_name ?? names.get(staffId) ?? null),
        till: r.tag ?? null,
        via: r.cli === 1 ? 'cli' : 'app',
        action,
        detail,
        approvedBy: r.approved_by,
      };
    }),
  };
}
