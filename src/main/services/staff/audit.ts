/**
 * The audit log's one writer and its reader. dispatch hands it a row for every successful call the
 * role map marks (roles.ts) and the PIN check one for each wrong PIN. Rows hold ids and counts
 * picked from the call's input and answer, never a customer's name or phone (an erased customer
 * stays erased).
 *
 * Rows are queued and written together right after the call has answered (setImmediate), in one
 * transaction: the shop file commits with synchronous = FULL, and an insert of its own after each
 * sale doubled the sale's fsyncs (~3 ms on a loaded till; the sale's budget is 2 ms). The price is
 * that a crash in the millisecond between a sale's commit and the flush loses that row. A flush
 * waits while another transaction is open on the connection (its rows must not share that
 * transaction's fate) or while another program holds the write lock; reading the log flushes first.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/contract/staff';
import { isBusyError } from '../../db/busy';
import { preparedInsert } from '../../db/prepared';
import type { Ctx } from '../context';

export interface AuditRow {
  staffId: string | null;
  staffName: string | null;
  via: 'app' | 'cli';
  action: string;
  detail: Record<string, unknown>;
  approvedBy?: string | null;
}

const COLUMNS = ['at', 'staff_id', 'staff_name', 'via', 'action', 'detail', 'approved_by'] as const;
/** How long a flush waits for an open transaction or another writer before trying again. */
const RETRY_MS = 25;

interface Queue {
  rows: unknown[][];
  timer: 'immediate' | 'timeout' | null;
  write: (rows: unknown[][]) => void;
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
    queues.set(sqlite, (q = { rows: [], timer: null, write: (rows) => write.immediate(rows) }));
  }
  return Object.assign(q, { sqlite });
}

export function writeAudit(ctx: Ctx, row: AuditRow): void {
  const q = queueOf(ctx);
  q.rows.push([
    ctx.now().toISOString(),
    row.staffId,
    row.staffName,
    row.via,
    row.action,
    JSON.stringify(row.detail),
    row.approvedBy ?? null,
  ]);
  if (q.timer === null) {
    q.timer = 'immediate';
    setImmediate(() => tryFlush(ctx));
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

/** Newest first. `from`/`to` are UTC instants' bounds already (the handler turns shop days into them). */
export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<{ entries: AuditEntry[]; more: boolean }> {
  flushAudit(ctx);
  let query = ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(q.limit + 1);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  if (q.staffId !== undefined) query = query.where('staff_id', '=', q.staffId);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  const rows = await query.execute();
  const more = rows.length > q.limit;
  return {
    more,
    entries: rows.slice(0, q.limit).map((r) => ({
      seq: r.seq,
      at: r.at,
      staffId: r.staff_id,
      staffName: r.staff_name,
      via: r.via,
      action: r.action,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      approvedBy: r.approved_by,
    })),
  };
}
