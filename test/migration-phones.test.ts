import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0051_canonical_phones');

/** A data folder at the migration before 0051, holding customers saved the old way, then migrated. */
async function oldShop(settings: Record<string, unknown>, phones: string[]): Promise<{ dir: string; applied: string[] }> {
  const dir = tempDir();
  const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
  const setting = sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
  for (const [k, v] of Object.entries(settings)) setting.run(k, JSON.stringify(v));
  // What 0010's code stored: the phone as typed, all its digits, and the Vietnam-only guess.
  const insert = sqlite.prepare(
    `INSERT INTO customers(id, code, full_name, search_name, phone, phone_digits, phone_canonical, tags, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '[]', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  );
  phones.forEach((phone, i) => {
    const d = phone.replace(/\D+/g, '');
    const old = d.startsWith('84') && d.length >= 11 ? '0' + d.slice(2) : d;
    insert.run(`id${i}`, `C${String(i + 1).padStart(6, '0')}`, `person ${i}`, `person ${i}`, phone, d, old);
  });
  insert.run('nophone', 'C999999', 'no phone', 'no phone', null, null, null);
  const report = await migrate(db, sqlite, dir, migrations);
  await db.destroy();
  return { dir, applied: report.applied };
}

describe('migration 0051: canonical phones', () => {
  it('canonicalises old phones with the shop country and keeps what does not parse as typed', async () => {
    const { dir, applied } = await oldShop({ shopName: 'Quán cũ', currency: 'VND', timeZone: 'Asia/Ho_Chi_Minh' }, [
      '+84 912-345-678',
      '84909876543',
      '(028) 3823 4567',
      '0168 987 6543', // a pre-2018 eleven-digit mobile: no longer a number, kept
      '+886 912 000 111',
    ]);
    expect(applied[0]).toBe('0051_canonical_phones');
    const shop = await openShop({ dir });
    const rows = await shop.backend.ctx.db
      .selectFrom('customers')
      .select(['id', 'phone', 'phone_digits', 'phone_canonical'])
      .orderBy('code')
      .execute();
    expect(rows.map((r) => [r.phone, r.phone_digits, r.phone_canonical])).toEqual([
      ['0912 345 678', '0912345678 84912345678', '+84912345678'],
      ['0909 876 543', '0909876543 84909876543', '+84909876543'],
      ['028 3823 4567', '02838234567 842838234567', '+842838234567'],
      ['0168 987 6543', '01689876543', '01689876543'],
      ['+886 912 000 111', '0912000111 886912000111', '+886912000111'],
      [null, null, null],
    ]);
    // The shop that had no country now has the one its phones were read with.
    expect((await shop.call('settings.get', {})).country).toBe('VN');
    const found = async (query: string) => (await shop.call('customers.search', { query })).items.map((i) => i.id);
    expect(await found('0912345678')).toEqual(['id0']);
    expect(await found('0909876543')).toEqual(['id1']);
    expect(await found('3823 4567')).toEqual(['id2']);
    expect(await found('01689876543')).toEqual(['id3']);
    expect(await found('168 987')).toEqual(['id3']);
    expect(await shop.call('customers.duplicates', { phone: '0912 345 678' })).toEqual([expect.objectContaining({ id: 'id0' })]);
  });

  it('reads a Taiwanese shop’s numbers as Taiwanese, its country guessed from the time zone', async () => {
    const { dir } = await oldShop({ shopName: '老店', currency: 'TWD', timeZone: 'Asia/Taipei' }, [
      '0912-345-678',
      '886 922 111 333',
      '(02) 2345-6789',
    ]);
    const shop = await openShop({ dir, settings: { currency: 'TWD', timeZone: 'Asia/Taipei', locale: 'zh-Hant' } });
    const rows = await shop.backend.ctx.db
      .selectFrom('customers')
      .select(['phone', 'phone_canonical'])
      .where('phone', 'is not', null)
      .orderBy('code')
      .execute();
    expect(rows).toEqual([
      { phone: '0912 345 678', phone_canonical: '+886912345678' },
      { phone: '0922 111 333', phone_canonical: '+886922111333' },
      { phone: '02 2345 6789', phone_canonical: '+886223456789' },
    ]);
    expect((await shop.call('customers.search', { query: '+886 912 345 678' })).items.map((i) => i.id)).toEqual(['id0']);
  });
});
