/**
 * Migration 0110: rows already in the audit log take the install of the file's lineage that was
 * created last before them, so two copies of one shop give a row made before the copy one global id;
 * the customers import's previous-values table exists.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0110_audit_sync_import_previous');

describe('migration 0110', () => {
  it('gives old audit rows the lineage install that made them, and leaves them append-only', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    // Install 1 made the file; this copy became install 2 on 2026-11-10; install 3 is only known through sync.
    sqlite.exec(`UPDATE installs SET created_at = '2026-11-01T00:00:00.000Z', current = 0, bound_to = 'host\n/a'`);
    sqlite.exec(`INSERT INTO installs (id, tag, created_at, current, bound_to) VALUES
      ('0190b6a0-0000-7000-8000-000000000002', 2, '2026-11-10T00:00:00.000Z', 1, 'host\n/b'),
      ('0190b6a0-0000-7000-8000-000000000003', 3, '2026-11-05T00:00:00.000Z', 0, NULL)`);
    const insert = sqlite.prepare(
      `INSERT INTO audit_log (at, staff, cli, action, sale, detail, approved_by) VALUES (?, NULL, 1, 12, NULL, NULL, NULL)`,
    );
    for (const at of ['2026-10-30T00:00:00Z', '2026-11-06T00:00:00Z', '2026-11-10T00:00:00Z', '2026-11-20T00:00:00Z'])
      insert.run(Date.parse(at));
    await migrate(db, sqlite, dir, migrations);
    const tags = sqlite
      .prepare(`SELECT i.tag, a.origin_key, a.staff_name FROM audit_log a JOIN installs i ON i.key = a.origin ORDER BY a.seq`)
      .all();
    expect(tags).toEqual([
      { tag: 1, origin_key: null, staff_name: null },
      { tag: 1, origin_key: null, staff_name: null },
      { tag: 2, origin_key: null, staff_name: null },
      { tag: 2, origin_key: null, staff_name: null },
    ]);
    expect(() => sqlite.exec('UPDATE audit_log SET origin = 3')).toThrow(/append-only/);
    expect(sqlite.prepare('SELECT audit_key FROM sync_state').get()).toEqual({ audit_key: 0 });
    expect(sqlite.prepare(`SELECT count(*) AS n FROM import_previous`).get()).toEqual({ n: 0 });
    await db.destroy();
  });
});
