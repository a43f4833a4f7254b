/**
 * The whole shop as files, for leaving the app: one CSV per table (UTF-8 with BOM, so Excel shows
 * Vietnamese and Chinese; cells neutralised against formula injection) and one `shop.json` holding
 * every table, written to a new private folder (0700, files 0600: it is all the customers' data).
 * No zip: no zip library is installed, and a folder opens anywhere.
 *
 * One read transaction over all tables on a second, read-only connection (a consistent snapshot
 * while the counter keeps selling on WAL), each table streamed row by row to the files, so a
 * 1M-purchase shop is never held in memory, with a turn of the event loop every ROWS_PER_TURN
 * rows. (On the app's own connection, better-sqlite3 allows nothing else while a statement
 * iterates: the first version froze the app for the whole export, ~8 s at 200k purchases.)
 * The FTS index is left out (it is derived from customers); erased customers' rows are already blank.
 * Rows are written as the app shows them, not as stored (`SHOWN`): global ids as UUIDs, times as ISO.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ShopExport } from '../../../shared/contract/privacy';
import BetterSqlite3 from 'better-sqlite3';
import { gidText } from '../../../shared/gid';
import { logChange } from '../../db/changeLog';
import { entityName } from '../../db/entities';
import { DB_FILE_NAME } from '../../db/open';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../db/privateFiles';
import { TABLE_COLUMNS, type Database } from '../../db/schema';
import { neutralise } from '../exports/cells';
import { nextTurn, type Ctx } from '../context';
import { expiresOf } from '../points/lots';

const SKIPPED: ReadonlySet<keyof Database> = new Set(['customers_fts']);
const BOM = '\uFEFF';
const NEWLINE = '\r\n';

export const EXPORTED_TABLES = (Object.keys(TABLE_COLUMNS) as (keyof Database)[]).filter((t) => !SKIPPED.has(t)).sort();

/**
 * What the file stores compactly (0100) and a person leaving the app should read as the app shows
 * it: times kept as ms become ISO text, the defaults stored as NULL are written out, and the
 * change log names its entities.
 */
const SHOWN: Partial<Record<keyof Database, Record<string, (v: unknown) => unknown>>> = {
  sales: { sold_at: iso, created_at: iso, voided_at: iso, source: (v) => v ?? 'counter' },
  points_ledger: { created_at: iso, expires_at: iso, reason: (v) => v ?? 'purchase' },
  // The draw order's key (0112) as the expiry it stands for (empty: never expires).
  point_lots: { expiry_key: (v) => iso(expiresOf(Number(v))), created_at: iso },
  customer_stats: { first_at: iso, last_at: iso },
  feedback: { created_at: iso },
  change_log: { entity: (v) => entityName(Number(v)) },
  sync_findings: { at: iso },
};

function iso(v: unknown): unknown {
  return typeof v === 'number' ? new Date(v).toISOString() : v;
}

/** A table's rows as shown: the table's own conversions, applied in place. */
function shownRow(table: keyof Database): (row: Record<string, unknown>) => Record<string, unknown> {
  const cols = Object.entries(SHOWN[table] ?? {});
  return (row) => {
    for (const [col, f] of cols) row[col] = f(row[col]);
    return row;
  };
}

/** Binary columns in both files: a 16-byte global id (0100) as the UUID the app shows, anything else as hex. */
const plain = (v: unknown): unknown => (v instanceof Uint8Array ? (v.length === 16 ? gidText(v) : Buffer.from(v).toString('hex')) : v);

/** One row as JSON; a Buffer's own toJSON (an array of bytes) would run before any replacer, so values are mapped first. */
export function jsonRow(row: Record<string, unknown>): string {
  for (const k in row) if (row[k] instanceof Uint8Array) row[k] = plain(row[k]);
  return JSON.stringify(row);
}

export function csvCell(raw: unknown): string {
  const v = plain(raw);
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? neutralise(v) : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Appends to an open file in blocks, not a write per row. */
class Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function openPrivate(file: string): number {
  return fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
}

/** A folder name no earlier export took: shop-export-2026-11-25T030000Z. */
export function defaultExportFolder(ctx: Ctx): string {
  const stamp = ctx
    .now()
    .toISOString()
    .replace(/[:.]/g, '')
    .replace(/\d{3}Z$/, 'Z');
  const base = path.join(ctx.dataDir, 'exports', `shop-export-${stamp}`);
  // Two exports in the same second (a double click) each get a folder of their own.
  let folder = base;
  for (let n = 2; fs.existsSync(folder); n++) folder = `${base}-${n}`;
  return folder;
}

/** Rows between turns of the event loop: the counter's calls get in while a big shop is written. */
const ROWS_PER_TURN = 2_000;

export async function exportShop(ctx: Ctx, folder: string = defaultExportFolder(ctx)): Promise<ShopExport> {
  const at = ctx.now().toISOString();
  makePrivateDir(folder);
  const files: { name: string; rows: number }[] = [];
  // A connection of its own: its read transaction is one snapshot of every table (WAL), and its
  // open statement leaves the app's connection free for the counter between chunks.
  const reader = new BetterSqlite3(path.join(ctx.dataDir, DB_FILE_NAME), { readonly: true, fileMustExist: true });
  const jsonFd = openPrivate(path.join(folder, 'shop.json'));
  try {
    reader.exec('BEGIN');
    const json = new Sink(jsonFd);
    json.write(`{"exportedAt":${JSON.stringify(at)},"tables":{`);
    for (const [ti, table] of EXPORTED_TABLES.entries()) {
      const columns = Object.keys(TABLE_COLUMNS[table]);
      const q = ctx.db
        .selectFrom(table)
        .select(columns as never[])
        .compile();
      const shown = shownRow(table);
      const csvFd = openPrivate(path.join(folder, `${table}.csv`));
      try {
        const csv = new Sink(csvFd);
        csv.write(BOM + columns.map(csvCell).join(',') + NEWLINE);
        json.write(`${ti > 0 ? ',' : ''}${JSON.stringify(table)}:[`);
        let rows = 0;
        for (const stored of reader.prepare(q.sql).iterate(...(q.parameters as unknown[])) as Iterable<Record<string, unknown>>) {
          const row = shown(stored);
          csv.write(columns.map((c) => csvCell(row[c])).join(',') + NEWLINE);
          json.write((rows > 0 ? ',' : '') + jsonRow(row));
          if (++rows % ROWS_PER_TURN === 0) await nextTurn();
        }
        json.write(']');
        csv.flush();
        files.push({ name: `${table}.csv`, rows });
      } finally {
        fs.closeSync(csvFd);
      }
    }
    json.write('}}');
    json.flush();
    reader.exec('COMMIT');
    files.push({ name: 'shop.json', rows: files.reduce((n, f) => n + f.rows, 0) });
  } finally {
    fs.closeSync(jsonFd);
    reader.close();
  }
  await ctx.db.transaction().execute((trx) => logChange(trx, 'shop_export', 0, 'create', at, [path.basename(folder)]));
  return { folder, files };
}
