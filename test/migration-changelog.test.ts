/**
 * Migration 0061 from a file at 0060 holding a shop's data the old way (change_log with `at`):
 * every row of every table is kept, old entries get HLC times from their `at` in seq order and
 * this install as their origin, and the app then writes after them.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { makeCardNumber } from '../src/shared/cardNumber';
import { gidText } from '../src/shared/gid';
import { hlcMs, tickHlc } from '../src/shared/hlc';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0061_change_log_hlc');
const T0 = Date.parse('2025-03-01T02:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

type OldEntry = [entity: string, id: string, op: string, at: string];

/** A shop at 0060: customers, cards, purchases (some voided), their ledger, and the old change log. */
function fill(sqlite: BetterSqlite3.Database): OldEntry[] {
  const log: OldEntry[] = [];
  const settings = { shopName: 'Quán cũ', currency: 'VND', timeZone: 'Asia/Ho_Chi_Minh', pointsRule: { every: 10_000, points: 1 } };
  for (const [k, v] of Object.entries(settings)) sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`).run(k, JSON.stringify(v));
  log.push(['settings', 'shop', 'update', iso(T0)]);
  const customer = sqlite.prepare(
    `INSERT INTO customers(id, code, full_name, search_name, tags, created_at, updated_at) VALUES (?, ?, ?, ?, '[]', ?, ?)`,
  );
  const card = sqlite.prepare(`INSERT INTO cards(id, number, customer_id, status, issued_at) VALUES (?, ?, ?, 'active', ?)`);
  const sale = sqlite.prepare(
    `INSERT INTO sales(id, customer_id, card_id, total, points, sold_at, created_at, voided_at, void_reason, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'counter')`,
  );
  const ledger = sqlite.prepare(
    `INSERT INTO points_ledger(id, customer_id, sale_id, kind, points, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let c = 1; c <= 40; c++) {
    const at = iso(T0 + c * 1000);
    customer.run(`cust-${c}`, `C${String(c).padStart(6, '0')}`, `Khách ${c}`, `khach ${c}`, at, at);
    card.run(`card-${c}`, makeCardNumber(c), `cust-${c}`, at);
    log.push(['customer', `cust-${c}`, 'create', at], ['card', `card-${c}`, 'issue', at]);
  }
  // An import: 2,500 purchases logged with one instant (more than the clock's 1,024 a millisecond).
  const imported = iso(T0 + 3_600_000);
  for (let i = 0; i < 2500; i++) {
    const c = (i % 40) + 1;
    const total = 20_000 + (i % 9) * 5_000;
    const voided = i % 97 === 0 ? iso(T0 + 3_700_000 + i) : null;
    sale.run(
      `sale-${i}`,
      `cust-${c}`,
      `card-${c}`,
      total,
      Math.floor(total / 10_000),
      iso(T0 - 86_400_000 + i * 30_000),
      imported,
      voided,
      voided ? 'mistake' : null,
    );
    ledger.run(`earn-${i}`, `cust-${c}`, `sale-${i}`, 'earn', Math.floor(total / 10_000), 'purchase', iso(T0 + i));
    if (voided) ledger.run(`rev-${i}`, `cust-${c}`, `sale-${i}`, 'reverse', -Math.floor(total / 10_000), 'void: mistake', voided);
    log.push(['sale', `sale-${i}`, 'create', imported]);
  }
  // The computer's clock went back an hour, and one time that never parsed.
  log.push(
    ['sale', 'sale-0', 'void', iso(T0 + 100)],
    ['customer', 'cust-1', 'update', 'garbage'],
    ['card', 'card-2', 'lost', iso(T0 + 4_000_000)],
  );
  const insert = sqlite.prepare(`INSERT INTO change_log(entity, entity_id, op, at) VALUES (?, ?, ?, ?)`);
  for (const e of log) insert.run(...e);
  return log;
}

function dump(sqlite: BetterSqlite3.Database, table: string): unknown[] {
  return sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw(true).all();
}

const KEPT = [
  'settings',
  'sequences',
  'customers',
  'cards',
  'sales',
  'points_ledger',
  'customer_stats',
  'installs',
  'idempotency_keys',
  'segments',
];

describe('migration 0061: the change log with install and HLC', () => {
  it('keeps every row, dates old entries from their `at` in order, and the app writes after them', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    const log = sqlite.transaction(fill)(sqlite);
    const before = Object.fromEntries(KEPT.map((t) => [t, dump(sqlite, t)]));
    const stats = sqlite.prepare(`SELECT customer_id, sum(points) AS points FROM points_ledger GROUP BY customer_id ORDER BY 1`).all();
    // Up to 0061 only: later migrations may add columns, which would spoil the row-for-row comparison.
    const report = await migrate(db, sqlite, dir, migrations.slice(0, BEFORE + 1));
    expect(report.applied).toEqual(['0061_change_log_hlc']);
    expect(fs.existsSync(report.backupFile!)).toBe(true);

    for (const t of KEPT) expect(dump(sqlite, t), t).toEqual(before[t]);
    expect(sqlite.prepare(`SELECT customer_id, sum(points) AS points FROM points_ledger GROUP BY customer_id ORDER BY 1`).all()).toEqual(
      stats,
    );
    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    const rows = sqlite.prepare(`SELECT seq, hlc, origin, entity, entity_id, op, data FROM change_log ORDER BY seq`).all() as {
      seq: number;
      hlc: number;
      origin: number;
      entity: string;
      entity_id: string;
      op: string;
      data: string | null;
    }[];
    let clock = 0;
    const expected = log.map(([entity, id, op, at], i) => {
      const ms = Date.parse(at);
      clock = tickHlc(clock, Number.isNaN(ms) ? 0 : ms);
      return { seq: i + 1, hlc: clock, origin, entity, entity_id: id, op, data: null };
    });
    expect(rows).toEqual(expected);
    // Spot checks of the rule: an entry keeps its own instant, a batch counts up from its one, and a clock that went back does not reorder.
    expect(hlcMs(rows[1]!.hlc)).toBe(T0 + 1000);
    const imported = rows.filter((r) => r.entity === 'sale' && r.op === 'create');
    expect(hlcMs(imported[0]!.hlc)).toBe(T0 + 3_600_000);
    expect(hlcMs(imported.at(-1)!.hlc)).toBe(T0 + 3_600_000 + 2); // 2,500 entries: two carries
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.hlc).toBeGreaterThan(rows[i - 1]!.hlc);
    await db.destroy();

    // The app opens it (the later migrations run: 0100 drops the purchases' creations from the log and
    // gives the hand-made ids fresh gids) and writes after the old history, as this install.
    const shop = await openShop({ dir, now: '2025-03-01T01:00:00.000Z' }); // its clock is behind the old entries
    const db2 = shop.backend.ctx.db;
    const kept = await db2.selectFrom('change_log').select(['seq', 'hlc']).where('seq', '<=', rows.at(-1)!.seq).orderBy('seq').execute();
    expect(kept).toEqual(rows.filter((r) => !(r.entity === 'sale' && r.op === 'create')).map(({ seq, hlc }) => ({ seq, hlc })));
    const { gid } = await db2.selectFrom('customers').select('gid').where('code', '=', 'C000003').executeTakeFirstOrThrow();
    const id = gidText(gid);
    await shop.call('points.adjust', { customerId: id, points: 5, reason: 'welcome back' });
    await shop.call('sales.record', { customerId: id, amount: 50_000 });
    const after = await db2.selectFrom('change_log').selectAll().where('seq', '>', rows.at(-1)!.seq).orderBy('seq').execute();
    expect(after.length).toBeGreaterThan(1);
    for (const e of after) expect([e.hlc > rows.at(-1)!.hlc, e.origin]).toEqual([true, origin]);
    expect((await shop.call('customers.get', { id })).customer.code).toBe('C000003');
  });
});
