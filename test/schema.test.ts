/** The typed schema (db/schema.ts) and the migrated file declare the same tables and columns. */
import { describe, expect, it } from 'vitest';
import { TABLE_COLUMNS } from '../src/main/db/schema';
import { openShop } from './helpers';

describe('typed schema', () => {
  it('declares every table and column the migrations create, and nothing else', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.ctx.sqlite!;
    const tables = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
      sql: string;
    }[];
    const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    // A virtual table's own storage (FTS5's _data, _idx, _docsize, _config) is SQLite's business.
    const shadow = (name: string): boolean => virtual.some((v) => name.startsWith(v + '_'));
    const inFile: Record<string, string[]> = {};
    for (const t of tables) {
      if (shadow(t.name)) continue;
      const cols = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(t.name) as { name: string }[];
      inFile[t.name] = cols.map((c) => c.name).sort();
    }
    const declared = Object.fromEntries(Object.entries(TABLE_COLUMNS).map(([t, cols]) => [t, Object.keys(cols).sort()]));
    expect(inFile).toEqual(declared);
  });
});

describe('one way to write the change log', () => {
  it('only db/changeLog.ts inserts into change_log', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(__dirname, '../src');
    const writers: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !p.includes(`${path.sep}migrations${path.sep}`)) {
          if (/insertInto\(\s*'change_log'|INSERT INTO change_log|preparedInsert\([^)]*'change_log'/.test(fs.readFileSync(p, 'utf8'))) {
            writers.push(path.relative(root, p));
          }
        }
      }
    };
    walk(root);
    expect(writers).toEqual([path.join('main', 'db', 'changeLog.ts')]);
  });
});
