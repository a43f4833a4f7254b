import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../src/main/backend';
import fc from 'fast-check';
import { parseCsv, parseCsvInTurns } from '../src/main/services/importSales/csv';
import { keyOf } from '../src/main/services/keys';
import { ENTITY_CODES } from '../src/main/db/entities';
import { gidText } from '../src/shared/gid';
import type { CustomerImportInput } from '../src/shared/contract/customerImport';
import { count, openShop, tempDir, type TestShop } from './helpers';
import { xlsxFile } from './xlsxFile';

const csv = (text: string, delimiter: ',' | ';' | '\t' | null = null) => ({ kind: 'csv' as const, text, delimiter });

async function customers(shop: TestShop) {
  return shop.backend.ctx.db.selectFrom('customers').selectAll().orderBy('code').execute();
}

async function snapshot(shop: TestShop) {
  const seq = await shop.backend.ctx.db.selectFrom('sequences').selectAll().where('name', '=', 'customer').executeTakeFirst();
  return {
    customers: await count(shop, 'customers'),
    log: await count(shop, 'change_log'),
    seq: seq?.value ?? 0,
    rows: await customers(shop),
  };
}

// Semicolons, a byte-order mark, CRLF, a note spanning three lines, Vietnamese headers and words.
const MESSY = [
  '\ufeffHọ và tên;SĐT;Email;Ngày sinh;Giới tính;Đồng ý;Mã cũ;Ghi chú',
  'Nguyễn  Văn   An ;0912 345 678; An@Example.COM ;31/12/1990;Nam;Có;K001;"dòng 1',
  'dòng 2',
  'dòng 3"',
  'Trần Thị Bình;+84 987 654 321;binh@x;31/02/1990;Nữ;Không;K002;',
  '=HYPERLINK("http://x");0977 111 222;;33024;女;是;K003;@SUM(A1)',
  ';0966 000 111;;;;;K004;no name',
].join('\r\n');

async function importInput(
  over: Partial<CustomerImportInput> & { options?: CustomerImportInput['options'] } = {},
): Promise<CustomerImportInput> {
  return { file: csv(MESSY), fileName: 'khach.csv', ...over };
}

describe('customer import: reading files', () => {
  it('reads a CSV in stretches exactly as in one go (records, lines, problems)', async () => {
    const files = [
      MESSY,
      'sep=;\r\nname;note\r\n\r\nAn;"a\r\nb"\r\n\r\nBình;x\r\n"Chi";"y""z"\r\nDung;"never closed\r\nEm;1\r\n',
      'name,phone\nAn,1\n\n\nBình,2\n"C\nD",3\nE,4',
      'name\tnote\n"a\tb"\t"line 1\nline 2\nline 3"\nc\td\n',
      'name,note\rAn,1\rBình,2\r',
    ];
    let turns = 0;
    const turn = async (): Promise<void> => void turns++;
    for (const text of files) {
      const whole = parseCsv(text);
      for (const perTurn of [1, 2, 3, 1000])
        for (const windowChars of [1, 5, 16, 1 << 18])
          expect(await parseCsvInTurns(text, null, turn, perTurn, windowChars), `${perTurn}/${windowChars}: ${text}`).toEqual(whole);
    }
    expect(turns).toBeGreaterThan(10);
  });

  it('reads any CSV the same in stretches and windows as in one go (random files)', async () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-zăơ王,; \t]{0,6}$/),
      fc.stringMatching(/^[a-z\r\n",]{0,6}$/).map((v) => `"${v.replace(/"/g, '""')}"`),
      fc.constant('"never closed'),
    );
    const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    const file = fc
      .tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
      .map(([lines, nl, endNl]) => lines.join(nl) + (endNl ? nl : ''));
    const turn = async (): Promise<void> => undefined;
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), async (text, perTurn, windowChars) => {
        expect(await parseCsvInTurns(text, null, turn, perTurn, windowChars)).toEqual(parseCsv(text));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a messy CSV: BOM, semicolons, CRLF, quoted newlines (line numbers count them), values normalised', async () => {
    const shop = await openShop();
    const inspected = await shop.call('customerImport.inspect', { file: csv(MESSY), fileName: 'khach.csv' });
    expect(inspected.delimiter).toBe(';');
    expect(inspected.columns[0]).toBe('Họ và tên');
    expect(inspected.suggested).toMatchObject({
      name: 'Họ và tên',
      phone: 'SĐT',
      email: 'Email',
      birthday: 'Ngày sinh',
      gender: 'Giới tính',
      consent: 'Đồng ý',
      externalCode: 'Mã cũ',
      notes: 'Ghi chú',
    });
    expect(inspected.remembered).toBe(false);
    expect(inspected.sample.map((s) => s.line)).toEqual([2, 5, 6, 7]);
    // The inspection already shows the first rows with their problems, by physical line.
    expect(inspected.preview!.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [5, 'Email', 'email_invalid'],
      [5, 'Ngày sinh', 'birthday_invalid'],
      [7, 'Họ và tên', 'name_missing'],
    ]);

    const before = await snapshot(shop);
    const preview = await shop.call('customerImport.preview', await importInput());
    expect(preview.counts).toMatchObject({ rows: 4, create: 2, update: 0, skip: 0, rejected: 2, flagged: 0 });
    expect(await snapshot(shop)).toEqual(before);

    const result = await shop.call('customerImport.commit', await importInput());
    expect(result).toMatchObject({ created: 2, updated: 0, skipped: 0 });
    expect(result.rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [5, 'email', 'email_invalid'],
      [5, 'birthday', 'birthday_invalid'],
      [7, 'name', 'name_missing'],
    ]);
    expect(result.rejected[1]!.message).toBe('line 5, Ngày sinh: "31/02/1990" is not a real date');
    const [an, formula] = await customers(shop);
    expect(an).toMatchObject({
      code: 'C000001',
      full_name: 'Nguyễn Văn An',
      phone: '0912 345 678',
      phone_canonical: '+84912345678',
      email: 'an@example.com',
      birthday: '1990-12-31',
      gender: 'male',
      consent_marketing: 1,
      consent_date: '2026-11-25',
      consent_source: 'import: khach.csv',
      external_code: 'K001',
      notes: 'dòng 1\r\ndòng 2\r\ndòng 3',
    });
    // Formula-looking text is stored as written (exports neutralise it); an Excel serial is a date.
    expect(formula).toMatchObject({
      code: 'C000002',
      full_name: '=HYPERLINK("http://x")',
      notes: '@SUM(A1)',
      birthday: '1990-05-31',
      gender: 'female',
    });
    expect(formula!.consent_source).toBe('import: khach.csv');
  });

  it('reads a tab-separated file with English headers and month-first dates when the file shows them', async () => {
    const shop = await openShop();
    const text = [
      'Full Name\tPhone Number\tEmail Address\tBirthday\tGender\tTags\tMarketing consent',
      'Ann Lee\t0912345678\tann@x.com\t12/31/1990\tF\tvip, regular\tyes',
      'Bob Chan\t\t\t01/02/1985\tmale\t\tno',
      '',
    ].join('\n');
    const p = await shop.call('customerImport.preview', { file: csv(text), fileName: 'list.tsv' });
    expect(p.delimiter).toBe('\t');
    expect(p.mapping).toMatchObject({
      name: 'Full Name',
      phone: 'Phone Number',
      email: 'Email Address',
      birthday: 'Birthday',
      gender: 'Gender',
      tags: 'Tags',
      consent: 'Marketing consent',
    });
    expect(p.dateFormat).toEqual({ value: 'mdy', how: 'file' });
    await shop.call('customerImport.commit', { file: csv(text), fileName: 'list.tsv' });
    const rows = await customers(shop);
    expect(rows.map((r) => [r.full_name, r.birthday, r.gender, r.tags, r.consent_marketing])).toEqual([
      ['Ann Lee', '1990-12-31', 'female', '["vip","regular"]', 1],
      ['Bob Chan', '1985-01-02', 'male', '[]', 0],
    ]);
  });

  it('suggests columns from Chinese headers, yyyy/mm/dd dates and Taiwanese phones', async () => {
    const shop = await openShop({ settings: { currency: 'TWD', locale: 'zh-Hant', timeZone: 'Asia/Taipei', country: 'TW' } });
    const text = [
      '姓名,手機,電郵,生日,性別,同意,會員編號',
      '王小明,0912-345-678,ming@x.tw,1990/05/31,男,是,M01',
      '陳美麗,+886 912 345 678,,1988/1/2,女,否,M02',
    ].join('\n');
    const i = await shop.call('customerImport.inspect', { file: csv(text) });
    expect(i.suggested).toMatchObject({
      name: '姓名',
      phone: '手機',
      email: '電郵',
      birthday: '生日',
      gender: '性別',
      consent: '同意',
      externalCode: '會員編號',
    });
    // 0912-345-678 and +886 912 345 678 are one phone in Taiwan: the second row is a duplicate of the first.
    expect(i.preview!.duplicates).toMatchObject([{ line: 3, against: 'file', matchedOn: 'phone', otherLine: 2, choice: 'skip' }]);
  });

  it('reads an .xlsx file: sheet row numbers (an empty row counts), numbers and Excel serial dates', async () => {
    const shop = await openShop();
    const book = xlsxFile([
      ['Tên khách hàng', 'Điện thoại', 'Ngày sinh', 'Email'],
      ['Lê Minh', 912345678, 33024, 'minh@x.vn'],
      null,
      ['Phạm Hoa', '0987654321', '2/30/1990', 'hoa@'],
      ['Đỗ Nam', '', '1985-07-04', ''],
    ]);
    const file = { kind: 'xlsx' as const, base64: book.toString('base64') };
    const i = await shop.call('customerImport.inspect', { file, fileName: 'khach.xlsx' });
    expect(i).toMatchObject({ format: 'xlsx', delimiter: null, rowCount: 3 });
    expect(i.sample.map((s) => s.line)).toEqual([2, 4, 5]);
    const r = await shop.call('customerImport.commit', { file, fileName: 'khach.xlsx', options: { badFields: 'blank' } });
    expect(r).toMatchObject({ created: 3, rejected: [] });
    expect(r.flagged.map((f) => [f.line, f.field, f.code])).toEqual([
      [4, 'birthday', 'birthday_invalid'],
      [4, 'email', 'email_invalid'],
    ]);
    const rows = await customers(shop);
    expect(rows.map((c) => [c.full_name, c.phone_canonical, c.birthday, c.email])).toEqual([
      ['Lê Minh', '+84912345678', '1990-05-31', 'minh@x.vn'],
      ['Phạm Hoa', '+84987654321', null, null],
      ['Đỗ Nam', null, '1985-07-04', null],
    ]);
  });

  it('refuses what is not a workbook, an unknown column and a bad choice at the boundary', async () => {
    const shop = await openShop();
    const notXlsx = await shop.fail('customerImport.inspect', { file: { kind: 'xlsx', base64: Buffer.from('hello').toString('base64') } });
    expect(notXlsx).toMatchObject({ code: 'VALIDATION', field: 'file' });
    const missing = await shop.fail('customerImport.preview', { file: csv(MESSY), mapping: { name: 'Tên' } });
    expect(missing).toMatchObject({ code: 'IMPORT_COLUMN_MISSING', field: 'mapping.name' });
    const choice = await shop.fail('customerImport.preview', { file: csv(MESSY), options: { onDuplicate: 'merge' } });
    expect(choice).toMatchObject({ code: 'VALIDATION', field: 'options.onDuplicate' });
    const noName = await shop.fail('customerImport.preview', { file: csv('a,b\n1,2') });
    expect(noName).toMatchObject({ code: 'IMPORT_COLUMN_MISSING', field: 'mapping.name' });
  });
});

/** The shop has Lan (phone 0901 234 567, old code OLD-1) and Minh (email minh@example.vn). */
async function shopWithCustomers() {
  const shop = await openShop();
  const lan = await shop.call('customers.create', {
    fullName: 'Trần Thị Lan',
    phone: '0901 234 567',
    externalCode: 'OLD-1',
    tags: ['regular'],
  });
  const minh = await shop.call('customers.create', { fullName: 'Lê Văn Minh', email: 'Minh@Example.vn', area: 'Quận 1' });
  return { shop, lan, minh };
}

// Line 2 is Lan by phone (written another way), line 3 Minh by email, line 4 new, line 5 the same
// person as line 4 by email, line 6 Lan by her old code.
const DUPES = [
  'name,phone,email,code,area,tags',
  'Lan Trần,+84 901 234 567,,,Quận 3,vip',
  'Minh Lê,,MINH@example.vn ,,,',
  'Hoa Phạm,0911 111 111,hoa@x.vn,,Quận 5,',
  'Hoa P.,,Hoa@X.vn,,Quận 7,new',
  'Lan again,,,OLD-1,,',
].join('\n');
const DUPES_MAP = { name: 'name', phone: 'phone', email: 'email', externalCode: 'code', area: 'area', tags: 'tags' };

describe('customer import: duplicates', () => {
  it('finds duplicates against the shop (phone, email, old code) and inside the file', async () => {
    const { shop, lan, minh } = await shopWithCustomers();
    const p = await shop.call('customerImport.preview', { file: csv(DUPES), mapping: DUPES_MAP });
    expect(p.duplicates.map((d) => [d.line, d.against, d.matchedOn, d.customerId ?? d.otherLine])).toEqual([
      [2, 'shop', 'phone', lan.id],
      [3, 'shop', 'email', minh.id],
      [5, 'file', 'email', 4],
      [6, 'shop', 'externalCode', lan.id],
    ]);
    expect(p.counts).toMatchObject({ rows: 5, create: 1, skip: 4, duplicatesInShop: 3, duplicatesInFile: 1 });
  });

  it('skip: duplicates are left alone', async () => {
    const { shop } = await shopWithCustomers();
    const before = await customers(shop);
    const r = await shop.call('customerImport.commit', { file: csv(DUPES), mapping: DUPES_MAP, options: { onDuplicate: 'skip' } });
    expect(r).toMatchObject({ created: 1, updated: 0, skipped: 4 });
    const after = await customers(shop);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toMatchObject({ code: 'C000003', full_name: 'Hoa Phạm', area: 'Quận 5' });
  });

  it('update: the file fills and replaces what it has, keeps what it leaves empty, adds tags; in-file duplicates update the new customer', async () => {
    const { shop, lan, minh } = await shopWithCustomers();
    const r = await shop.call('customerImport.commit', { file: csv(DUPES), mapping: DUPES_MAP, options: { onDuplicate: 'update' } });
    expect(r).toMatchObject({ created: 1, updated: 4, skipped: 0 });
    const rows = await customers(shop);
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.map((c) => [gidText(c.gid), c]));
    // Line 6 came last and named Lan by her old code: its name wins, her phone and area stay.
    expect(byId.get(lan.id)).toMatchObject({
      full_name: 'Lan again',
      phone: '0901 234 567',
      area: 'Quận 3',
      external_code: 'OLD-1',
      tags: '["regular","vip"]',
    });
    expect(byId.get(minh.id)).toMatchObject({ full_name: 'Minh Lê', email: 'Minh@Example.vn'.toLowerCase(), area: 'Quận 1' });
    expect(rows[2]).toMatchObject({
      full_name: 'Hoa P.',
      phone_canonical: '+84911111111',
      email: 'hoa@x.vn',
      area: 'Quận 7',
      tags: '["new"]',
    });
    const updates = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select('entity_id')
      .where('op', '=', 'update')
      .where('entity', '=', ENTITY_CODES.customer)
      .execute();
    const keys = await Promise.all([lan.id, minh.id].map((id) => keyOf(shop.backend.ctx.db, 'customers', id, 'customer', 'id')));
    expect(updates.map((u) => u.entity_id).sort()).toEqual(keys.sort());
  });

  it('create anyway: a second customer, except that an old code stays with its owner (rejected or left empty)', async () => {
    const { shop, lan } = await shopWithCustomers();
    const r = await shop.call('customerImport.commit', { file: csv(DUPES), mapping: DUPES_MAP, options: { onDuplicate: 'create' } });
    expect(r).toMatchObject({ created: 4, updated: 0, skipped: 0 });
    expect(r.rejected.map((x) => [x.line, x.field, x.code])).toEqual([[6, 'externalCode', 'external_code_taken']]);
    expect(await count(shop, 'customers')).toBe(6);

    const again = await shopWithCustomers();
    const r2 = await again.shop.call('customerImport.commit', {
      file: csv(DUPES),
      mapping: DUPES_MAP,
      options: { onDuplicate: 'create', badFields: 'blank' },
    });
    expect(r2).toMatchObject({ created: 5, rejected: [] });
    expect(r2.flagged.map((x) => [x.line, x.code])).toEqual([[6, 'external_code_taken']]);
    const last = (await customers(again.shop)).at(-1)!;
    expect(last).toMatchObject({ full_name: 'Lan again', external_code: null });
    void lan;
  });

  it('a choice per duplicate overrides the one for all', async () => {
    const { shop, lan } = await shopWithCustomers();
    const r = await shop.call('customerImport.commit', {
      file: csv(DUPES),
      mapping: DUPES_MAP,
      options: {
        onDuplicate: 'skip',
        duplicateChoices: [
          { line: 2, choice: 'update' },
          { line: 5, choice: 'create' },
        ],
      },
    });
    expect(r).toMatchObject({ created: 2, updated: 1, skipped: 2 });
    const rows = await customers(shop);
    expect(rows.find((c) => gidText(c.gid) === lan.id)).toMatchObject({ full_name: 'Lan Trần', area: 'Quận 3' });
    expect(rows.filter((c) => c.email === 'hoa@x.vn')).toHaveLength(2);
  });

  it('the same file twice: the second time every row is a duplicate and nothing changes', async () => {
    const shop = await openShop();
    const first = await shop.call('customerImport.commit', { file: csv(MESSY), fileName: 'khach.csv' });
    expect(first.created).toBe(2);
    const before = await snapshot(shop);
    const second = await shop.call('customerImport.commit', { file: csv(MESSY), fileName: 'khach.csv' });
    expect(second).toMatchObject({ created: 0, updated: 0, skipped: 2 });
    const after = await snapshot(shop);
    expect(after.rows).toEqual(before.rows);
    expect(after.customers).toBe(before.customers);
  });
});

describe('customer import: bad fields, all-or-nothing, memory', () => {
  const BAD = [
    'name,email,birthday,consent,consent date',
    'An,an@x.vn,1990-02-29,yes,2026-01-15',
    'Bình,binh(at)x.vn,1991-03-04,yes,',
    'Chi,chi@x.vn,2099-01-01,maybe,',
  ].join('\n');

  it('reject: rows with an unreadable field are left out with their reasons', async () => {
    const shop = await openShop();
    const r = await shop.call('customerImport.commit', { file: csv(BAD), fileName: 'bad.csv', options: { badFields: 'reject' } });
    expect(r).toMatchObject({ created: 0, flagged: [] });
    expect(r.rejected.map((x) => [x.line, x.field, x.code])).toEqual([
      [2, 'birthday', 'birthday_invalid'],
      [3, 'email', 'email_invalid'],
      [4, 'birthday', 'birthday_invalid'],
      [4, 'consent', 'consent_invalid'],
    ]);
    expect(await count(shop, 'customers')).toBe(0);
  });

  it('blank: the rows are imported with those fields empty, and flagged', async () => {
    const shop = await openShop();
    const r = await shop.call('customerImport.commit', { file: csv(BAD), fileName: 'bad.csv', options: { badFields: 'blank' } });
    expect(r).toMatchObject({ created: 3, rejected: [] });
    expect(r.counts.flagged).toBe(3);
    expect(r.flagged.map((x) => [x.line, x.field])).toEqual([
      [2, 'birthday'],
      [3, 'email'],
      [4, 'birthday'],
      [4, 'consent'],
    ]);
    const rows = await customers(shop);
    expect(rows.map((c) => [c.full_name, c.email, c.birthday, c.consent_marketing, c.consent_date, c.consent_source])).toEqual([
      ['An', 'an@x.vn', null, 1, '2026-01-15', 'import: bad.csv'],
      ['Bình', null, '1991-03-04', 1, '2026-11-25', 'import: bad.csv'],
      ['Chi', 'chi@x.vn', null, 0, null, null],
    ]);
  });

  it('writes nothing when a write fails part-way', async () => {
    const shop = await openShop();
    await shop.call('customers.create', { fullName: 'Existing', phone: '0901 234 567' });
    // A refusal SQLite gives for the 1500th new customer, past the first chunk of writes.
    await sql`CREATE TRIGGER refuse BEFORE INSERT ON customers WHEN NEW.full_name = 'Person 1500' BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(
      shop.backend.ctx.db,
    );
    const lines = ['name,phone,area', 'Existing again,0901234567,Quận 9'];
    for (let i = 1; i <= 2000; i++) lines.push(`Person ${i},,Area ${i}`);
    const before = await snapshot(shop);
    const e = await shop.fail('customerImport.commit', { file: csv(lines.join('\n')), options: { onDuplicate: 'update' } });
    expect(e.message).toMatch(/^Nothing was imported: line 1502: customers row 1500/);
    // Written in chunks (importRuns.ts), what they wrote was removed: the same customers, one log entry
    // more (the removal, which sends the analysis caches back to the start), and the codes the removed
    // customers took are not given out again (a gap, as after any removal).
    const after = await snapshot(shop);
    expect({ ...after, log: after.log - 1, seq: before.seq }).toEqual(before);
    expect(after.seq).toBeGreaterThan(before.seq);
    // Nor is the mapping remembered.
    const i = await shop.call('customerImport.inspect', { file: csv(lines.join('\n')) });
    expect(i.remembered).toBe(false);
  });

  it('remembers the last mapping per file shape', async () => {
    const shop = await openShop();
    const text = 'Khách,Số,Ngày\nAn,0912345678,1990-01-02\n';
    const first = await shop.call('customerImport.inspect', { file: csv(text) });
    expect(first).toMatchObject({ remembered: false, suggested: { name: null } });
    await shop.call('customerImport.commit', { file: csv(text), mapping: { name: 'Khách', phone: 'Số', birthday: 'Ngày' } });
    // Same header in another case and spacing, another delimiter: the same shape.
    const second = await shop.call('customerImport.inspect', { file: csv('khách ;SỐ;ngày\nBình;0912345679;1991-01-02\n') });
    expect(second.remembered).toBe(true);
    expect(second.suggested).toMatchObject({ name: 'Khách', phone: 'Số', birthday: 'Ngày', email: null });
    expect(second.preview!.rows[0]).toMatchObject({ line: 2, action: 'create', fullName: 'Bình' });
    // A commit without a mapping uses it too.
    const r = await shop.call('customerImport.commit', { file: csv('khách ;SỐ;ngày\nBình;0912345679;1991-01-02\n') });
    expect(r.created).toBe(1);
  });

  it('reports the progress of a commit through a job id', async () => {
    const shop = await openShop();
    const lines = ['name'];
    for (let i = 0; i < 1200; i++) lines.push(`Person ${i}`);
    const seen: string[] = [];
    const running = shop.call('customerImport.commit', { file: csv(lines.join('\n')), jobId: 'job-1' });
    // The backup before every import (issue 17) comes first; the polls below watch the import itself.
    while (((await shop.call('customerImport.progress', { jobId: 'job-1' }))?.phase ?? 'backup') === 'backup')
      await new Promise((r) => setTimeout(r, 1));
    for (let i = 0; i < 50 && seen.at(-1) !== 'done'; i++) {
      const p = await shop.call('customerImport.progress', { jobId: 'job-1' });
      if (p && seen.at(-1) !== `${p.phase} ${p.done}/${p.total}`) seen.push(`${p.phase} ${p.done}/${p.total}`);
      await new Promise((r) => setImmediate(r));
    }
    await running;
    expect(await shop.call('customerImport.progress', { jobId: 'job-1' })).toEqual({ phase: 'done', done: 1200, total: 1200 });
    expect(seen.some((s) => /^writing \d+\/1200$/.test(s))).toBe(true);
    expect(await shop.call('customerImport.progress', { jobId: 'unknown' })).toBeNull();
  });

  it('lets the event loop turn while it reads a big file', async () => {
    const shop = await openShop();
    const lines = ['name,phone,email'];
    for (let i = 0; i < 5000; i++) lines.push(`Person ${i},09${String(10_000_000 + i)},p${i}@x.vn`);
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await shop.call('customerImport.commit', { file: csv(lines.join('\n')) });
    running = false;
    expect(r.created).toBe(5000);
    expect(turns).toBeGreaterThan(5);
  });
});

describe('customer import: command line', () => {
  const root = path.resolve(__dirname, '..');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, REGULARS_DATA_DIR: '' },
    });

  const init = (dir: string) =>
    cli(
      'init',
      '--data-dir',
      dir,
      '--shop',
      'Shop',
      '--currency',
      'VND',
      '--locale',
      'vi',
      '--time-zone',
      'Asia/Ho_Chi_Minh',
      '--country',
      'VN',
    );

  it('refuses a folder with no shop, or a shop never set up, and writes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'khach.csv');
    fs.writeFileSync(file, MESSY);
    const typo = path.join(dir, 'shopp');
    const none = cli('import-customers', file, '--data-dir', typo, '--json');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(`There is no shop in ${typo}`);
    expect(fs.existsSync(typo)).toBe(false);

    const fresh = path.join(dir, 'fresh');
    await (await openBackend(fresh)).close();
    const unset = cli('import-customers', file, '--data-dir', fresh, '--json');
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('has not been set up yet');
    const b = await openBackend(fresh);
    expect(
      await b.ctx.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 0 });
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints exactly the JSON summary and exits 1 when rows were rejected', async () => {
    const dir = tempDir();
    expect(init(dir).status).toBe(0);
    const file = path.join(dir, 'khach.csv');
    fs.writeFileSync(file, MESSY);
    const dry = cli('import-customers', file, '--data-dir', dir, '--dry-run', '--json');
    expect(dry.stdout).toBe(
      '{"created":2,"updated":0,"skipped":0,"rejected":[{"line":5,"field":"email","code":"email_invalid"},{"line":5,"field":"birthday","code":"birthday_invalid"},{"line":7,"field":"name","code":"name_missing"}],"flagged":[]}\n',
    );
    expect(dry.status).toBe(1);
    const blank = cli('import-customers', file, '--data-dir', dir, '--bad-fields', 'blank', '--json');
    expect(JSON.parse(blank.stdout)).toEqual({
      created: 3,
      updated: 0,
      skipped: 0,
      rejected: [{ line: 7, field: 'name', code: 'name_missing' }],
      flagged: [
        { line: 5, field: 'email', code: 'email_invalid' },
        { line: 5, field: 'birthday', code: 'birthday_invalid' },
      ],
    });
    const again = cli(
      'import-customers',
      file,
      '--data-dir',
      dir,
      '--map',
      'name=Họ và tên,phone=SĐT,external_code=Mã cũ',
      '--on-duplicate',
      'update',
      '--json',
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 3, skipped: 0 });
    const bad = cli('import-customers', file, '--data-dir', dir, '--on-duplicate', 'merge');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/on duplicate must be skip, update or create/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000); // spawns the command line several times: seconds each on a loaded machine

  it('imports an .xlsx file given on the command line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'list.xlsx');
    fs.writeFileSync(
      file,
      xlsxFile([
        ['Name', 'Phone'],
        ['Ann', '0912345678'],
        ['Bob', '0912345679'],
      ]),
    );
    expect(init(dir).status).toBe(0);
    const r = cli('import-customers', file, '--data-dir', dir, '--json');
    expect(r.stdout).toBe('{"created":2,"updated":0,"skipped":0,"rejected":[],"flagged":[]}\n');
    expect(r.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
