/**
 * The audit log in feeds (issue 19): a chain's owner reads on any till what staff did on every till.
 * A row is an append-only fact, named like a purchase by (the install that wrote it, its seq there)
 * and inserted once by that id (migration 0110: `origin`, `origin_key`), so any order and any replay
 * end with the same rows. A purchase's row names the purchase by its global id and points at the
 * purchase here. Accounts are not synced (each till keeps its own): a row carries its account's
 * name as its till knew it when sending, shown in place of the account; a row whose account its
 * till did not know shows as "staff of till N". Ids of purchases in a row's detail (a void's, a
 * rating's) travel as global ids and come back as this till's keys.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { factId } from '../services/keys';
import { actionCode, actionOf } from '../services/staff/auditActions';
import { flushQueuedAudit, staffBytes, staffText } from '../services/staff/audit';
import type { Kysely } from 'kysely';
import { rawHandle } from '../db/rawHandle';
import type { Database } from '../db/schema';
import { compileOnce, slot } from './compiled';
import type { FactId } from './entries';
import { zFactId, zInt, type ApplyKit, type ExportRange } from './kit';

export interface AuditFeedEntry {
  t: 'audit';
  id: FactId;
  /** ms since the epoch. */
  at: number;
  /** The account's id at its till (a UUID), or null: nobody signed in, or the command line. */
  staff: string | null;
  /** The account's name as its till knew it at export (null: not known there). */
  staff_name: string | null;
  cli: 0 | 1;
  /** The method's name (codes are this version's; a newer till may send one this version has no code for). */
  action: string;
  /** A purchase at the counter: the purchase's global id. */
  sale: FactId | null;
  detail: Record<string, unknown> | null;
  approved_by: string | null;
}

const detailValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), zFactId]);
export const auditEntrySchema = z.object({
  t: z.literal('audit'),
  id: zFactId,
  at: zInt.min(0),
  staff: z.string().min(1).max(100).nullable(),
  staff_name: z.string().max(200).nullable(),
  cli: z.union([z.literal(0), z.literal(1)]),
  action: z.string().min(1).max(100),
  sale: zFactId.nullable(),
  detail: z.record(z.string().max(64), detailValue).nullable(),
  approved_by: z.string().max(200).nullable(),
});

/** Detail fields naming a purchase by its key on the writing till: every `saleId`, and a void's `id`. */
const saleFields = (action: string): string[] => (action === 'sales.void' ? ['saleId', 'id'] : ['saleId']);

/**
 * This install's rows (its lineage's: origin_key NULL) after the last one sent, up to the first that
 * names a purchase the feed does not carry yet (an import's, held back by its horizon: the row waits
 * with it, or the receiving till would wait for a purchase only a later feed brings).
 */
export async function exportAudit(r: ExportRange, saleMark: number): Promise<AuditFeedEntry[]> {
  const { audit_key: from } = await r.trx.selectFrom('sync_state').select('audit_key').where('id', '=', 1).executeTakeFirstOrThrow();
  const rows = await r.trx
    .selectFrom('audit_log as a')
    .leftJoin('sales as s', 's.id', 'a.sale')
    .select([
      'a.seq',
      'a.at',
      'a.staff',
      'a.cli',
      'a.action',
      'a.sale',
      'a.detail',
      'a.approved_by',
      'a.origin',
      's.origin as sale_origin',
      's.origin_key as sale_origin_key',
    ])
    .where('a.origin_key', 'is', null)
    .where('a.seq', '>', from)
    .orderBy('a.seq')
    .execute();
  if (rows.length === 0) return [];
  const names = new Map((await r.trx.selectFrom('staff').select(['id', 'name']).execute()).map((s) => [s.id, s.name]));
  const saleOf = compileOnce(r.trx, r.trx.selectFrom('sales').select(['origin', 'origin_key']).where('id', '=', slot('key')));
  const idOf = (key: number): string => {
    const id = r.installIds.get(key);
    if (!id) throw new Error(`no install with key ${key}`);
    return id;
  };
  const entries: AuditFeedEntry[] = [];
  for (const a of rows) {
    if (a.sale !== null && a.sale_origin !== null && a.sale_origin_key === null && a.sale > saleMark) break;
    let detail: Record<string, unknown> | null = a.detail === null ? null : (JSON.parse(a.detail) as Record<string, unknown>);
    let action = actionOf(a.action);
    if (action === undefined) {
      const { action: named, ...rest } = detail ?? {};
      action = typeof named === 'string' ? named : `#${a.action}`;
      detail = Object.keys(rest).length === 0 ? null : rest;
    }
    if (detail) {
      for (const f of saleFields(action)) {
        const v = detail[f];
        if (typeof v !== 'string' || !/^[1-9]\d{0,15}$/.test(v)) continue;
        const [s] = await saleOf({ key: Number(v) });
        if (s) detail[f] = [idOf(s.origin), s.origin_key ?? Number(v)];
      }
    }
    const staff = a.staff === null ? null : staffText(a.staff);
    entries.push({
      t: 'audit',
      id: [idOf(a.origin ?? r.current), a.seq],
      at: a.at,
      staff,
      staff_name: staff === null ? null : (names.get(staff) ?? null),
      cli: a.cli === 1 ? 1 : 0,
      action,
      sale: a.sale === null || a.sale_origin === null ? null : [idOf(a.sale_origin), a.sale_origin_key ?? a.sale],
      detail,
      approved_by: a.approved_by,
    });
  }
  return entries;
}

/**
 * Rows that make a feed worth writing: a sync's own row (pressing Sync now) rides with the next feed
 * instead, or two tills would send each other a feed at every sync, each carrying the other's last press.
 */
export const auditNews = (entries: readonly AuditFeedEntry[]): number => entries.filter((e) => e.action !== 'sync.run').length;

/** After the feed carrying them is published: the next export starts after them. */
export async function markAuditSent(trx: ExportRange['trx'], entries: readonly AuditFeedEntry[]): Promise<void> {
  const last = entries.at(-1);
  if (last) await trx.updateTable('sync_state').set({ audit_key: last.id[1] }).where('id', '=', 1).execute();
}

/** Audit rows of calls just answered are still queued (services/staff/audit.ts): written before an export, so it carries them. */
export function flushBeforeExport(db: Kysely<Database>): void {
  const sqlite = rawHandle(db);
  if (sqlite) flushQueuedAudit(sqlite);
}

/** Inserts rows once by global id; returns, per row, whether it was new. Statements compiled once per feed. */
export function auditApplier(k: ApplyKit, raw?: BetterSqlite3.Database): (e: AuditFeedEntry) => Promise<boolean> {
  const have = compileOnce(
    k.trx,
    k.trx
      .selectFrom('audit_log')
      .select('seq')
      .where('origin', '=', slot('origin'))
      .where((eb) => eb.or([eb('origin_key', '=', slot('key')), eb.and([eb('origin_key', 'is', null), eb('seq', '=', slot('key'))])])),
    raw,
  );
  const insert = compileOnce(
    k.trx,
    k.trx.insertInto('audit_log').values({
      at: slot('at'),
      staff: slot('staff'),
      cli: slot('cli'),
      action: slot('action'),
      sale: slot('sale'),
      detail: slot('detail'),
      approved_by: slot('approved_by'),
      origin: slot('origin'),
      origin_key: slot('origin_key'),
      staff_name: slot('staff_name'),
    }),
    raw,
  );
  return async (e) => {
    const origin = k.installKey(e.id[0]);
    // Read ahead with the piece's other rows (sync/factIndex.ts); asked alone only when it was not.
    const known = k.known('audit_log', e.id);
    if (known != null || (known === undefined && (await have({ origin, key: e.id[1] })).length > 0)) return false;
    const sale = e.sale === null ? null : await k.factKey('sales', e.sale);
    if (e.sale !== null && sale === null) k.wait(`purchase ${e.sale.join(' ')} has not arrived yet`);
    const code = actionCode(e.action);
    const detail: Record<string, unknown> = { ...e.detail };
    for (const f of saleFields(e.action)) {
      const v = detail[f];
      if (!Array.isArray(v)) continue;
      const key = await k.factKey('sales', v as FactId);
      // A purchase not here (never sent, or not yet): its global id stays, as text.
      detail[f] = key === null ? (v as FactId).join(':') : factId(key);
    }
    if (code === 0) detail.action = e.action;
    await insert({
      at: e.at,
      staff: e.staff === null ? null : staffBytes(e.staff),
      cli: e.cli,
      action: code,
      sale,
      detail: Object.keys(detail).length === 0 ? null : JSON.stringify(detail),
      approved_by: e.approved_by,
      origin,
      origin_key: e.id[1],
      staff_name: e.staff_name,
    });
    return true;
  };
}
