import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { statementCachingDatabase } from '../src/main/db/statements';
import { openShop, tempDir } from './helpers';

describe('prepared statements are reused by their SQL text', () => {
  it('returns the same statement for the same text, evicts the least recently used, never hands out a busy one', () => {
    const sqlite = new BetterSqlite3(path.join(tempDir(), 'cache.sqlite'));
    try {
      sqlite.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
      const db = statementCachingDatabase(sqlite, 2);
      const a = db.prepare('SELECT x FROM t');
      expect(db.prepare('SELECT x FROM t')).toBe(a);
      const b = db.prepare('SELECT x + 1 FROM t');
      db.prepare('SELECT x FROM t'); // a is now the most recent
      db.prepare('SELECT x + 2 FROM t'); // evicts b
      expect(db.prepare('SELECT x FROM t')).toBe(a);
      expect(db.prepare('SELECT x + 1 FROM t')).not.toBe(b);
      // A statement mid-iteration (a streamed query) cannot run again; the cache prepares another.
      const it = (a as BetterSqlite3.Statement).iterate();
      it.next();
      const again = db.prepare('SELECT x FROM t') as BetterSqlite3.Statement;
      expect(again).not.toBe(a);
      expect(again.all()).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
      it.return?.();
    } finally {
      sqlite.close();
    }
  });

  it('sees schema changes made after a statement was cached', async () => {
    const shop = await openShop();
    const db = shop.backend.ctx.db;
    await sql`CREATE TABLE later (a INTEGER)`.execute(db);
    await sql`INSERT INTO later VALUES (1)`.execute(db);
    expect((await sql<{ a: number }>`SELECT * FROM later`.execute(db)).rows).toEqual([{ a: 1 }]);
    await sql`ALTER TABLE later ADD COLUMN b TEXT DEFAULT 'x'`.execute(db);
    expect((await sql<{ a: number }>`SELECT * FROM later`.execute(db)).rows).toEqual([{ a: 1, b: 'x' }]);
  });
});
