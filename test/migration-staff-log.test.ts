/**
 * A shop that set a customer's responsible staff member at 0094 has change-log entries of entity
 * 'customer_staff' (staff/responsible.ts logs them): 0100 must give them a code and the customer's
 * key, as it does every other entity, rather than refuse the file.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENTITY_CODES } from '../src/main/db/entities';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0100_compact_keys');
const CUSTOMER = '0190b6a0-0000-7000-8000-000000000001';
const AT = '2026-11-02T03:00:00.000Z';

describe('migration 0100: responsible-staff entries', () => {
  it('keeps them, with their code and the customer’s key, and the app then sets and reads the responsible person', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    sqlite
      .prepare(
        `INSERT INTO customers(id, code, full_name, search_name, tags, created_at, updated_at) VALUES (?, 'C000001', 'Lan', 'lan', '[]', ?, ?)`,
      )
      .run(CUSTOMER, AT, AT);
    sqlite
      .prepare(`INSERT INTO staff(id, name, role, pin_hash, created_at, updated_at) VALUES ('st-1', 'Anh', 'staff', 'x', ?, ?)`)
      .run(AT, AT);
    sqlite.prepare(`INSERT INTO customer_staff(customer_id, staff_id, set_at) VALUES (?, 'st-1', ?)`).run(CUSTOMER, AT);
    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    const log = sqlite.prepare(`INSERT INTO change_log(hlc, origin, entity, entity_id, op, data) VALUES (?, ?, ?, ?, ?, NULL)`);
    log.run(1, origin, 'customer', CUSTOMER, 'create');
    log.run(2, origin, 'customer_staff', CUSTOMER, 'set');
    const report = await migrate(db, sqlite, dir, migrations);
    await db.destroy();
    expect(report.applied).toEqual(migrations.slice(BEFORE).map((m) => m.name));

    const shop = await openShop({ dir });
    const entries = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select(['entity', 'entity_id', 'op'])
      .where('entity', '!=', ENTITY_CODES.settings)
      .orderBy('seq')
      .execute();
    const { id: key } = await shop.backend.ctx.db.selectFrom('customers').select('id').executeTakeFirstOrThrow();
    expect(entries).toEqual([
      { entity: ENTITY_CODES.customer, entity_id: key, op: 'create' },
      { entity: ENTITY_CODES.customer_staff, entity_id: key, op: 'set' },
    ]);
    expect(await shop.call('staff.responsibleFor', { customerId: CUSTOMER })).toEqual({ staffId: 'st-1', name: 'Anh' });
    expect(await shop.call('staff.setResponsible', { customerId: CUSTOMER, staffId: null })).toBeNull();
    const last = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select(['entity', 'entity_id', 'op'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ entity: ENTITY_CODES.customer_staff, entity_id: key, op: 'delete' });
  });
});
