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

type PhoneRow = { code: string; phone: string | null; phone_digits: string | null; phone_canonical: string | null };

/**
 * A data folder at the migration before 0051, holding customers saved the old way, migrated up to
 * 0051 only (what it wrote is read from the file there), then left for the app to open, which runs
 * the later migrations (0100 gives the hand-made ids fresh gids, so the app's checks go by code).
 */
async function oldShop(
  settings: Record<string, unknown>,
  phones: string[],
): Promise<{ dir: string; applied: string[]; rows: PhoneRow[]; country: unknown }> {
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
  const report = await migrate(db, sqlite, dir, migrations.slice(0, BEFORE + 1));
  const rows = sqlite.prepare(`SELECT code, phone, phone_digits, phone_canonical FROM customers ORDER BY code`).all() as PhoneRow[];
  const country = JSON.parse(sqlite.prepare(`SELECT value FROM settings WHERE key = 'country'`).pluck().get() as string) as unknown;
  await db.destroy();
  return { dir, applied: report.applied, rows, country };
}

describe('migration 0051: canonical phones', () => {
  it('canonicalises old phones with the shop country and keeps what does not parse as typed', async () => {
    const { dir, applied, rows, country } = await oldShop({ shopName: 'Quán cũ', currency: 'VND', timeZone: 'Asia/Ho_Chi_Minh' }, [
      '+84 912-345-678',
      '84909876543',
      '(028) 3823 4567',
      '0168 987 6543', // a pre-2018 eleven-digit mobile: no longer a number, kept
      '+886 912 000 111',
    ]);
    expect(applied).toEqual(['0051_canonical_phones']);
    expect(rows.map((r) => [r.phone, r.phone_digits, r.phone_canonical])).toEqual([
      ['0912 345 678', '0912345678 84912345678', '+84912345678'],
      ['0909 876 543', '0909876543 84909876543', '+84909876543'],
      ['028 3823 4567', '02838234567 842838234567', '+842838234567'],
      ['0168 987 6543', '01689876543', '01689876543'],
      ['+886 912 000 111', '0912000111 886912000111', '+886912000111'],
      [null, null, null],
    ]);
    // The shop that had no country now has the one its phones were read with.
    expect(country).toBe('VN');

    // The app, on the latest layout, finds them by the numbers as people type them.
    const shop = await openShop({ dir });
    expect((await shop.call('settings.get', {})).country).toBe('VN');
    const found = async (query: string) => (await shop.call('customers.search', { query })).items.map((i) => i.code);
    expect(await found('0912345678')).toEqual(['C000001']);
    expect(await found('0909876543')).toEqual(['C000002']);
    expect(await found('3823 4567')).toEqual(['C000003']);
    expect(await found('01689876543')).toEqual(['C000004']);
    expect(await found('168 987')).toEqual(['C000004']);
    expect(await shop.call('customers.duplicates', { phone: '0912 345 678' })).toEqual([expect.objectContaining({ code: 'C000001' })]);
  });

  it('reads a Taiwanese shop’s numbers as Taiwanese, its country guessed from the time zone', async () => {
    const { dir, rows, country } = await oldShop({ shopName: '老店', currency: 'TWD', timeZone: 'Asia/Taipei' }, [
      '0912-345-678',
      '886 922 111 333',
      '(02) 2345-6789',
    ]);
    expect(country).toBe('TW');
    expect(rows.filter((r) => r.phone !== null).map(({ phone, phone_canonical }) => ({ phone, phone_canonical }))).toEqual([
      { phone: '0912 345 678', phone_canonical: '+886912345678' },
      { phone: '0922 111 333', phone_canonical: '+886922111333' },
      { phone: '02 2345 6789', phone_canonical: '+886223456789' },
    ]);
    const shop = await openShop({ dir, settings: { currency: 'TWD', timeZone: 'Asia/Taipei', locale: 'zh-Hant' } });
    expect((await shop.call('customers.search', { query: '+886 912 345 678' })).items.map((i) => i.code)).toEqual(['C000001']);
  });
});
