/**
 * The compact audit log (migration 0103, services/staff/audit.ts): a sale's row keeps the sale's key
 * and small integers, the audit view still shows who did what, every audited method has a code, and
 * rows written before 0103 read as they did.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession } from '../src/main/api/session';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { METHOD_ACCESS } from '../src/shared/contract/roles';
import { flushAudit, listAudit, writeAudit } from '../src/main/services/staff/audit';
import { actionCode } from '../src/main/services/staff/auditActions';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0103_compact_audit');

describe('the compact audit log', () => {
  it('stores a sale as its key and small integers, and shows who sold what', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    const owner = newSession();
    const ok = async (method: string, input: unknown): Promise<unknown> => {
      const r = await dispatch(ctx, method, input, owner);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value;
    };
    const lan = (await ok('staff.setupOwner', { name: 'Lan', pin: '1234' })) as { id: string };
    await ok('staff.signIn', { pin: '1234' });
    const c = (await ok('customers.create', { fullName: 'Trần Văn Bảo' })) as { id: string };
    const { sale } = (await ok('sales.record', { customerId: c.id, amount: 85_000 })) as { sale: { id: string; points: number } };
    const walkIn = (await ok('sales.record', { customerId: null, amount: 20_000 })) as { sale: { id: string } };
    flushAudit(ctx);

    const stored = ctx
      .sqlite!.prepare(
        `SELECT typeof(at) AS at, length(staff) AS staff, cli, action, sale, detail, approved_by,
                length(CAST(at AS BLOB)) AS atDigits FROM audit_log WHERE sale IS NOT NULL ORDER BY seq`,
      )
      .all() as Record<string, unknown>[];
    expect(stored).toEqual([
      {
        at: 'integer',
        staff: 16,
        cli: 0,
        action: actionCode('sales.record'),
        sale: Number(sale.id),
        detail: null,
        approved_by: null,
        atDigits: 13,
      },
      { at: 'integer', staff: 16, cli: 0, action: 1, sale: Number(walkIn.sale.id), detail: null, approved_by: null, atDigits: 13 },
    ]);

    const { entries } = await listAudit(ctx, { action: 'sales.record', limit: 10 });
    expect(entries.map((e) => ({ ...e, seq: 0 }))).toEqual([
      {
        seq: 0,
        at: shop.clock.now.toISOString(),
        staffId: lan.id,
        staffName: 'Lan',
        via: 'app',
        action: 'sales.record',
        detail: { id: walkIn.sale.id, customerId: null, amount: 20_000, points: 0 },
        approvedBy: null,
        till: 1,
      },
      {
        seq: 0,
        at: shop.clock.now.toISOString(),
        staffId: lan.id,
        staffName: 'Lan',
        via: 'app',
        action: 'sales.record',
        detail: { id: sale.id, customerId: c.id, amount: 85_000, points: sale.points },
        approvedBy: null,
        till: 1,
      },
    ]);
    // Filters still work on the compact columns: by person, by day.
    expect((await listAudit(ctx, { staffId: lan.id, limit: 50 })).entries.every((e) => e.staffName === 'Lan')).toBe(true);
    const later = new Date(shop.clock.now.getTime() + 1).toISOString();
    expect((await listAudit(ctx, { from: later, limit: 50 })).entries).toEqual([]);
  });

  it('has a code for every audited method', () => {
    const audited = Object.entries(METHOD_ACCESS)
      .filter(([, a]) => a.audit)
      .map(([m]) => m);
    const missing = [...audited, 'staff.pinFailed', 'staff.resetOwnerPin'].filter((m) => actionCode(m) === 0);
    expect(missing).toEqual([]);
  });

  it('keeps an action without a code by its name', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    writeAudit(ctx, { staffId: null, staffName: null, via: 'cli', action: 'future.method', detail: { count: 3 } });
    const { entries } = await listAudit(ctx, { action: 'future.method', limit: 5 });
    expect(entries.map((e) => [e.action, e.via, e.detail])).toEqual([['future.method', 'cli', { count: 3 }]]);
  });

  it('reads the rows written before 0103 as they were', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    const AT = '2026-11-02T03:00:00.123Z';
    sqlite
      .prepare(`INSERT INTO staff(id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Anh', 'staff', 'x', ?, ?)`)
      .run('0190b6a0-0000-7000-8000-0000000000aa', AT, AT);
    sqlite
      .prepare(`INSERT INTO staff(id, name, role, pin_hash, created_at, updated_at) VALUES ('st-1', 'Bình', 'staff', 'x', ?, ?)`)
      .run(AT, AT);
    const old = sqlite.prepare(
      `INSERT INTO audit_log(at, staff_id, staff_name, via, action, detail, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    old.run(
      AT,
      '0190b6a0-0000-7000-8000-0000000000aa',
      'Anh',
      'app',
      'sales.record',
      '{"id":"7","customerId":null,"amount":5000,"points":0}',
      null,
    );
    old.run(AT, 'st-1', 'Bình', 'app', 'sales.void', '{"id":"7"}', 'Lan');
    old.run(AT, null, null, 'app', 'staff.pinFailed', '{}', null);
    old.run(AT, null, null, 'cli', 'some.oldMethod', '{"rows":2}', null);
    await migrate(db, sqlite, dir, migrations);
    await db.destroy();

    const shop = await openShop({ dir });
    const { entries } = await listAudit(shop.backend.ctx, { before: 5, limit: 10 });
    expect(entries.map((e) => [e.seq, e.at, e.staffId, e.staffName, e.via, e.action, e.detail, e.approvedBy])).toEqual([
      [4, AT, null, null, 'cli', 'some.oldMethod', { rows: 2 }, null],
      [3, AT, null, null, 'app', 'staff.pinFailed', {}, null],
      [2, AT, 'st-1', 'Bình', 'app', 'sales.void', { id: '7' }, 'Lan'],
      [
        1,
        AT,
        '0190b6a0-0000-7000-8000-0000000000aa',
        'Anh',
        'app',
        'sales.record',
        { id: '7', customerId: null, amount: 5000, points: 0 },
        null,
      ],
    ]);
  });
});
