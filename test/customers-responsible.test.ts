/** The customer list's "responsible staff" filter (issue 19), through the real dispatch on a real file. */
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession } from '../src/main/api/session';
import type { Database } from '../src/main/db/schema';
import { bulkInsertCustomers } from '../src/main/services/bulk';
import { searchCustomers } from '../src/main/services/customers';
import { RESPONSIBLE_NARROW } from '../src/main/services/staff/responsible';
import { customerInput, type MethodInput } from '../src/shared/contract';
import type { ResponsibleFilter } from '../src/shared/contract/core';
import { openShop, type TestShop } from './helpers';

async function shopWithResponsibles() {
  const shop = await openShop();
  await shop.call('staff.setupOwner', { name: 'Lan', pin: '1234' });
  const anh = await shop.call('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
  const bao = await shop.call('staff.create', { name: 'Bảo', role: 'manager', pin: '7777' });
  const add = async (fullName: string, phone: string | null, staffId: string | null) => {
    const c = await shop.call('customers.create', { fullName, phone });
    if (staffId) await shop.call('staff.setResponsible', { customerId: c.id, staffId });
    return c;
  };
  await add('Nguyễn Thị Hoa', '0901234567', anh.id);
  await add('Trần Thị Mai', '0907654321', anh.id);
  await add('Nguyễn Văn Nam', '0912345678', bao.id);
  await add('Nguyễn Lan', '0909111222', null);
  await add('Lê Văn Hùng', null, null);
  // Erased customers leave every list, whoever was responsible for them.
  const gone = await add('Nguyễn Văn Cũ', null, anh.id);
  await shop.call('customers.erase', { id: gone.id });
  await add('Phạm Thị Xóa', null, null).then((c) => shop.call('customers.erase', { id: c.id }));
  return { shop, anh, bao };
}

type SearchInput = MethodInput<'customers.search'>;

async function names(shop: TestShop, input: SearchInput): Promise<{ names: string[]; total: number; exact: boolean }> {
  const r = await shop.call('customers.search', input);
  return { names: r.items.map((i) => i.fullName), total: r.total, exact: r.totalIsExact };
}

describe('the customer list filtered by responsible staff', () => {
  it('lists one staff member’s customers, nobody’s, or anyone’s, alone and with a search', async () => {
    const { shop, anh, bao } = await shopWithResponsibles();
    const staff = (staffId: string): ResponsibleFilter => ({ who: 'staff', staffId });

    expect(await names(shop, { query: '', responsible: staff(anh.id) })).toEqual({
      names: ['Nguyễn Thị Hoa', 'Trần Thị Mai'],
      total: 2,
      exact: true,
    });
    expect(await names(shop, { query: '', responsible: staff(bao.id) })).toMatchObject({ names: ['Nguyễn Văn Nam'], total: 1 });
    expect(await names(shop, { query: '', responsible: { who: 'nobody' } })).toEqual({
      names: ['Lê Văn Hùng', 'Nguyễn Lan'],
      total: 2,
      exact: true,
    });
    expect((await names(shop, { query: '', responsible: { who: 'anyone' } })).total).toBe(5);
    expect((await names(shop, { query: '' })).total).toBe(5);

    // With a search: three letters or more go through FTS, fewer walk the name index; both filtered.
    expect(await names(shop, { query: 'nguyen', responsible: staff(anh.id) })).toMatchObject({ names: ['Nguyễn Thị Hoa'], total: 1 });
    expect(await names(shop, { query: 'nguyen', responsible: { who: 'nobody' } })).toMatchObject({ names: ['Nguyễn Lan'], total: 1 });
    expect(await names(shop, { query: 'ng', responsible: staff(anh.id) })).toMatchObject({ names: ['Nguyễn Thị Hoa'], total: 1 });
    expect(await names(shop, { query: 'th', responsible: { who: 'nobody' } })).toMatchObject({ names: [], total: 0 });
    expect(await names(shop, { query: 'nguyen', responsible: { who: 'anyone' } })).toMatchObject({ total: 3 });
    // A phone number: its digits through FTS and its E.164 key, still only the filter's customers.
    expect(await names(shop, { query: '0912 345 678', responsible: staff(bao.id) })).toMatchObject({ names: ['Nguyễn Văn Nam'] });
    expect(await names(shop, { query: '0912 345 678', responsible: staff(anh.id) })).toMatchObject({ names: [], total: 0 });

    // A person who left keeps their customers until the owner hands them over: still a filter.
    await shop.call('staff.update', { id: anh.id, active: false });
    expect((await names(shop, { query: '', responsible: staff(anh.id) })).total).toBe(2);
    expect(await shop.call('staff.names', {})).toEqual([
      { id: bao.id, name: 'Bảo', active: true },
      { id: expect.any(String), name: 'Lan', active: true },
      { id: anh.id, name: 'Anh', active: false },
    ]);
  });

  it('pages through a filtered list with the filtered count, and counts a broad one ahead', async () => {
    const shop = await openShop();
    await shop.call('staff.setupOwner', { name: 'Lan', pin: '1234' });
    const anh = await shop.call('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
    const bao = await shop.call('staff.create', { name: 'Bảo', role: 'staff', pin: '6666' });
    const data = customerInput.parse({ fullName: 'Nguyễn Văn Test' });
    const { keys } = bulkInsertCustomers(
      { db: shop.backend.ctx.db, sqlite: shop.backend.database.sqlite },
      Array.from({ length: 3000 }, () => ({ data })),
    );
    // Setting up 1,560 assignments one call at a time is not what this test is about.
    const insert = shop.backend.database.sqlite.prepare(`INSERT INTO customer_staff (customer_id, staff_id, set_at) VALUES (?, ?, ?)`);
    keys.forEach((k, i) => {
      if (i % 2 === 0) insert.run(k, anh.id, '2026-11-25T03:00:00.000Z');
      else if (i % 25 === 1) insert.run(k, bao.id, '2026-11-25T03:00:00.000Z');
    });
    const search = (responsible: ResponsibleFilter, offset: number, query = '') =>
      shop.call('customers.search', { query, offset, limit: 50, responsible });

    // Bảo's 60: few enough to read whole, so the count is exact and the pages add up.
    const baos = { who: 'staff', staffId: bao.id } as const;
    const seen = new Set<string>();
    for (const offset of [0, 50]) {
      const r = await search(baos, offset);
      expect(r).toMatchObject({ total: 60, totalIsExact: true });
      for (const i of r.items) seen.add(i.id);
    }
    expect(seen.size).toBe(60);
    expect(await search(baos, 0, 'ng')).toMatchObject({ total: 60, totalIsExact: true });

    // Anh's 1,500 and nobody's 1,440: walked in list order and counted ahead, as a broad search is;
    // the count grows to the exact one as the list scrolls.
    for (const [responsible, all] of [
      [{ who: 'staff', staffId: anh.id }, 1500],
      [{ who: 'nobody' }, 1440],
    ] as const) {
      expect(await search(responsible, 0), responsible.who).toMatchObject({ total: 250, totalIsExact: false });
      expect(await search(responsible, 0, 'ng'), responsible.who).toMatchObject({ total: 250, totalIsExact: false });
      const tail = await search(responsible, all - 30);
      expect(tail, responsible.who).toMatchObject({ total: all, totalIsExact: true });
      expect(tail.items).toHaveLength(30);
    }
  });

  it('refuses a filter it cannot read, at the boundary, with the field', async () => {
    const { shop } = await shopWithResponsibles();
    expect(await shop.fail('customers.search', { query: '', responsible: { who: 'someone' } })).toMatchObject({
      code: 'VALIDATION',
      field: 'responsible.who',
      message: 'responsible.who: must be anyone, nobody or staff',
    });
    expect(await shop.fail('customers.search', { query: '', responsible: 'nobody' })).toMatchObject({
      code: 'VALIDATION',
      field: 'responsible',
    });
    expect(await shop.fail('customers.search', { query: '', responsible: { who: 'staff' } })).toMatchObject({
      code: 'VALIDATION',
      field: 'responsible.staffId',
      params: { reason: 'required' },
    });
    expect(await shop.fail('customers.search', { query: '', responsible: { who: 'staff', staffId: 'x'.repeat(65) } })).toMatchObject({
      code: 'VALIDATION',
      field: 'responsible.staffId',
    });
    // Well formed but nobody's: said, not answered with an empty list.
    expect(
      await shop.fail('customers.search', { query: '', responsible: { who: 'staff', staffId: '0190aaaa-0000-7000-8000-000000000000' } }),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'responsible.staffId',
    });
  });

  it('gives anyone signed in the names to filter by, not the owner’s staff list', async () => {
    const { shop } = await shopWithResponsibles();
    const till = newSession();
    expect(await dispatch(shop.backend.ctx, 'staff.signIn', { pin: '5555' }, till)).toMatchObject({ ok: true });
    const names = await dispatch(shop.backend.ctx, 'staff.names', {}, till);
    expect(names).toMatchObject({ ok: true, value: [{ name: 'Anh' }, { name: 'Bảo' }, { name: 'Lan' }] });
    expect(Object.keys((names as { value: object[] }).value[0]!).sort()).toEqual(['active', 'id', 'name']);
    expect(await dispatch(shop.backend.ctx, 'staff.list', {}, till)).toMatchObject({ ok: false, error: { code: 'OWNER_ONLY' } });
    const anhs = await dispatch(shop.backend.ctx, 'customers.search', { query: '', responsible: { who: 'nobody' } }, till);
    expect(anhs).toMatchObject({ ok: true, value: { total: 2 } });
  });

  it('reads customer_staff through its indexes in every branch of the search', async () => {
    const { shop, anh, bao } = await shopWithResponsibles();
    const sqlite = shop.backend.database.sqlite;
    // Bảo gets RESPONSIBLE_NARROW customers more: a person whose list is walked, not read whole.
    const { keys } = bulkInsertCustomers(
      { db: shop.backend.ctx.db, sqlite },
      Array.from({ length: RESPONSIBLE_NARROW }, () => ({ data: customerInput.parse({ fullName: 'Trương Văn Test' }) })),
    );
    const insert = sqlite.prepare(`INSERT INTO customer_staff (customer_id, staff_id, set_at) VALUES (?, ?, ?)`);
    for (const k of keys) insert.run(k, bao.id, '2026-11-25T03:00:00.000Z');
    // The statements the search really runs, caught on their way to the same file.
    const ran: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (e) => {
        if (e.level === 'query') ran.push(e.query);
      },
    });
    const plan = (q: CompiledQuery) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const cases: [string, ResponsibleFilter][] = [
      ['few', { who: 'staff', staffId: anh.id }],
      ['many', { who: 'staff', staffId: bao.id }],
      ['nobody', { who: 'nobody' }],
    ];
    for (const [kind, responsible] of cases)
      for (const query of ['', 'ng', 'nguyen', '0912345678']) {
        ran.length = 0;
        await searchCustomers(db, { query, offset: 0, limit: 50, responsible }, 'VN');
        const filtered = ran.filter((q) => q.sql.includes('customer_staff'));
        expect(filtered.length, `${kind} "${query}"`).toBeGreaterThan(0);
        for (const q of filtered) {
          const p = plan(q);
          const label = `${kind} "${query}": ${p}`;
          expect(p, label).toMatch(
            kind === 'nobody'
              ? /SEARCH cs USING INTEGER PRIMARY KEY \(rowid=\?\)/
              : /SEARCH cs USING COVERING INDEX customer_staff_staff \(staff_id=\?\)/,
          );
          expect(p, label).not.toMatch(/SCAN cs\b/);
          expect(p, label).not.toMatch(/SCAN c\b(?! USING)/);
          if (!q.sql.includes('"customers"')) continue;
          // A person with few customers: reached by key from their range of the index.
          if (kind === 'few') expect(p, label).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/);
          // Many, or nobody: the list's index in its order (the walk stops at the page and its
          // count-ahead), or the search's own FTS hits.
          else if (query.length < 3) {
            expect(p, label).toMatch(/SCAN c USING COVERING INDEX customers_live_name/);
            expect(p, label).not.toMatch(/TEMP B-TREE/);
          } else expect(p, label).toMatch(/SCAN customers_fts VIRTUAL TABLE INDEX/);
        }
      }
  });
});
