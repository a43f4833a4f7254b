import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0095_customer_merges');

describe('migration 0095: customer merges', () => {
  it('adds merged_into (empty for every existing customer) and the merge record table, keeping erased customers as they were', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    const insert = sqlite.prepare(
      `INSERT INTO customers(id, code, full_name, search_name, tags, created_at, updated_at, erased_at)
       VALUES (?, ?, ?, ?, '[]', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ?)`,
    );
    insert.run('a', 'C000001', 'Lan', 'lan', null);
    insert.run('b', 'C000002', '', '', '2025-06-01T00:00:00.000Z');
    // Up to 0095 only, read in the file there; the app then opens it on the latest layout.
    const report = await migrate(db, sqlite, dir, migrations.slice(0, BEFORE + 1));
    expect(report.applied).toEqual(['0095_customer_merges']);
    expect(sqlite.prepare(`SELECT code, erased_at, merged_into FROM customers ORDER BY code`).all()).toEqual([
      { code: 'C000001', erased_at: null, merged_into: null },
      { code: 'C000002', erased_at: '2025-06-01T00:00:00.000Z', merged_into: null },
    ]);
    expect(sqlite.prepare(`SELECT * FROM customer_merges`).all()).toEqual([]);
    await db.destroy();

    const shop = await openShop({ dir });
    const rows = await shop.backend.ctx.db.selectFrom('customers').select(['code', 'erased_at', 'merged_into']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: 'C000001', erased_at: null, merged_into: null },
      { code: 'C000002', erased_at: '2025-06-01T00:00:00.000Z', merged_into: null },
    ]);
    expect((await shop.call('customers.search', { query: '' })).items.map((c) => c.code)).toEqual(['C000001']);
  });
});
