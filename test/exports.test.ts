import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../src/main/backend';
import { ENTITY_CODES } from '../src/main/db/entities';
import { newGid, storedGid } from '../src/main/services/keys';
import { splitName } from '../src/main/services/exports/names';
import { neutralise } from '../src/main/services/exports/cells';
import { fold } from '../src/main/services/exports/vcard';
import type { CustomerInput } from '../src/shared/contract';
import { openShop, tempDir, type TestShop } from './helpers';

const consent = { marketing: true, date: '2026-01-05', source: 'form' };

async function add(shop: TestShop, c: Partial<CustomerInput> & { fullName: string }, withConsent = true): Promise<string> {
  const r = await shop.call('customers.create', { ...c, ...(withConsent ? { consent } : {}) } as CustomerInput);
  return r.id;
}

/** Three consenting customers (Vietnamese, Chinese, English), one without consent, one erased. */
async function shopWithPeople() {
  const shop = await openShop();
  const anh = await add(shop, {
    fullName: 'Nguyễn Thị Ánh',
    phone: '0912 345 678',
    email: 'anh@example.vn',
    birthday: '1990-03-07',
    address: '12 Lê Lợi, Phường Bến Nghé',
    area: 'Quận 1',
    tags: ['VIP', 'bánh mì'],
  });
  const mei = await add(shop, { fullName: '陳美玲', phone: '+886 912 345 678', email: 'mei@example.tw', birthday: '1985-12-24' });
  const emily = await add(shop, {
    fullName: 'Emily Carter',
    phone: '028 3823 4567',
    email: 'emily@example.com',
    address: 'Flat 2; Block A, "The Row"',
  });
  const noConsent = await add(shop, { fullName: 'Trần Văn Bình', phone: '0987 654 321', email: 'binh@example.vn' }, false);
  const erased = await add(shop, { fullName: 'Lê Văn Xoá', phone: '0977 111 222', email: 'gone@example.vn' });
  await shop.backend.ctx.db
    .updateTable('customers')
    .set({ erased_at: '2026-11-01T00:00:00.000Z' })
    .where('gid', '=', storedGid(erased)!)
    .execute();
  return { shop, ids: { anh, mei, emily, noConsent, erased } };
}

const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

describe('mailing-list exports', () => {
  it('mailchimp: exactly the import columns, consenting live customers only, E.164 phones, MM/DD birthdays, no BOM', async () => {
    const { shop } = await shopWithPeople();
    const r = await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'mailchimp' });
    expect(r.content.charCodeAt(0)).not.toBe(0xfeff);
    expect(r.content.split('\r\n')[0]).toBe('Email Address,First Name,Last Name,Address,Phone Number,Birthday,Tags');
    expect(r.rows).toBe(3);
    expect(r.filename).toMatch(/^all-customers-\d{4}-\d{2}-\d{2}-mailchimp\.csv$/);
    const p = parse(r.content);
    expect(p.errors).toEqual([]);
    expect(p.meta.fields).toEqual(['Email Address', 'First Name', 'Last Name', 'Address', 'Phone Number', 'Birthday', 'Tags']);
    const byEmail = Object.fromEntries(p.data.map((row) => [row['Email Address'], row]));
    expect(Object.keys(byEmail).sort()).toEqual(['anh@example.vn', 'emily@example.com', 'mei@example.tw']);
    expect(byEmail['anh@example.vn']).toEqual({
      'Email Address': 'anh@example.vn',
      'First Name': 'Thị Ánh',
      'Last Name': 'Nguyễn',
      Address: '12 Lê Lợi, Phường Bến Nghé, Quận 1',
      'Phone Number': '+84912345678',
      Birthday: '03/07',
      Tags: 'VIP,bánh mì',
    });
    expect(byEmail['mei@example.tw']).toMatchObject({
      'First Name': '美玲',
      'Last Name': '陳',
      'Phone Number': '+886912345678',
      Birthday: '12/24',
    });
    expect(byEmail['emily@example.com']).toMatchObject({
      'First Name': 'Emily',
      'Last Name': 'Carter',
      Address: 'Flat 2; Block A, "The Row"',
      'Phone Number': '+842838234567',
      Birthday: '',
    });
  });

  it('includes people without consent only when asked, never erased customers, and counts both', async () => {
    const { shop } = await shopWithPeople();
    expect(await shop.call('exports.contactsCount', { selection: { kind: 'all' } })).toEqual({ count: 3, withoutConsent: 1 });
    expect(await shop.call('exports.contactsCount', { selection: { kind: 'all' }, includeWithoutConsent: true })).toEqual({
      count: 4,
      withoutConsent: 1,
    });
    const r = await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'excel', includeWithoutConsent: true });
    expect(r.rows).toBe(4);
    const rows = parse(r.content.slice(1)).data;
    expect(rows.map((x) => x['Email']).sort()).toEqual(['anh@example.vn', 'binh@example.vn', 'emily@example.com', 'mei@example.tw']);
    expect(rows.find((x) => x['Email'] === 'binh@example.vn')!['Marketing consent']).toBe('no');
    expect(r.content).not.toContain('gone@example.vn');
    expect(r.content).not.toContain('Xoá');
  });

  it('excel: BOM, the spreadsheet columns, phones as text Excel keeps, Vietnamese and Chinese round-trip', async () => {
    const { shop } = await shopWithPeople();
    const r = await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'excel' });
    expect(r.content.startsWith('\uFEFF')).toBe(true);
    expect(r.filename).toMatch(/-excel\.csv$/);
    const bytes = Buffer.from(r.content, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const p = parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(p.meta.fields).toEqual([
      'Customer code',
      'Full name',
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Birthday',
      'Address',
      'Area',
      'Tags',
      'Marketing consent',
    ]);
    const anh = p.data.find((x) => x['Email'] === 'anh@example.vn')!;
    expect(anh).toMatchObject({
      'Full name': 'Nguyễn Thị Ánh',
      'Last name': 'Nguyễn',
      Area: 'Quận 1',
      Tags: 'VIP, bánh mì',
      Phone: '0912 345 678',
    });
    const mei = p.data.find((x) => x['Email'] === 'mei@example.tw')!;
    expect(mei['Full name']).toBe('陳美玲');
    // A foreign number starts with + (a formula to Excel): it is neutralised, still readable.
    expect(mei['Phone']).toBe("'+886 912 345 678");
    for (const row of p.data) expect(row['Phone']).toMatch(/^'|\D/); // never a bare number Excel would convert
  });

  it('neutralises formula cells in every CSV column but keeps the Mailchimp phone as E.164', async () => {
    const shop = await openShop();
    await add(shop, {
      fullName: '=HYPERLINK("http://evil.example","click")',
      phone: '0912 345 678',
      email: '=cmd@evil.example',
      address: '@SUM(1+1)',
      area: '-2+3',
      tags: ['+tag', '@x'],
    });
    const mc = parse((await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'mailchimp' })).content).data[0]!;
    expect(mc['Email Address']).toBe("'=cmd@evil.example");
    expect(mc['First Name'].startsWith("'") || mc['First Name'] === '').toBe(true);
    expect(mc['Last Name']).toMatch(/^'=|^$/);
    expect(mc['Address']).toBe("'@SUM(1+1), -2+3");
    expect(mc['Tags']).toBe("'+tag,@x");
    expect(mc['Phone Number']).toBe('+84912345678');
    const xl = parse((await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'excel' })).content.slice(1)).data[0]!;
    expect(xl['Full name']).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(xl['Email']).toBe("'=cmd@evil.example");
    expect(xl['Address']).toBe("'@SUM(1+1)");
    expect(xl['Area']).toBe("'-2+3");
    expect(xl['Tags']).toBe("'+tag, @x");
    for (const row of [mc, xl]) {
      for (const [col, v] of Object.entries(row)) if (col !== 'Phone Number') expect(v, col).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('vcard: 3.0 cards with CRLF, escaped commas and semicolons, long lines folded without breaking UTF-8', async () => {
    const { shop } = await shopWithPeople();
    const long = 'Số 123 đường Nguyễn Đình Chiểu, Phường Đa Kao, Quận 1, Thành phố Hồ Chí Minh; gần chợ Tân Định';
    await add(shop, { fullName: 'Phạm Minh Đức', phone: '0909 000 111', email: 'duc@example.vn', address: long, tags: ['a,b', 'c'] });
    const r = await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'vcard' });
    expect(r.filename).toMatch(/\.vcf$/);
    expect(r.rows).toBe(4);
    expect(r.content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const cards = r.content.split('BEGIN:VCARD\r\n').slice(1);
    expect(cards).toHaveLength(4);
    for (const c of cards) {
      expect(c.startsWith('VERSION:3.0\r\n')).toBe(true);
      expect(c.endsWith('END:VCARD\r\n')).toBe(true);
      for (const line of c.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
    const anh = cards.find((c) => c.includes('anh@example.vn'))!;
    expect(anh).toContain('N:Nguyễn;Thị Ánh;;;\r\n');
    expect(anh).toContain('FN:Nguyễn Thị Ánh\r\n');
    expect(anh).toContain('TEL;TYPE=CELL:+84912345678\r\n');
    expect(anh).toContain('BDAY:1990-03-07\r\n');
    expect(cards.find((c) => c.includes('mei@example.tw'))).toContain('N:陳;美玲;;;\r\n');
    expect(cards.find((c) => c.includes('emily@example.com'))).toContain('ADR;TYPE=HOME:;;Flat 2\\; Block A\\, "The Row";;;;\r\n');
    const duc = cards.find((c) => c.includes('duc@example.vn'))!;
    const unfolded = duc.replace(/\r\n /g, '');
    expect(unfolded).toContain(`ADR;TYPE=HOME:;;${long.replace(/,/g, '\\,').replace(/;/g, '\\;')};;;;`);
    expect(unfolded).toContain('CATEGORIES:a\\,b,c');
    expect(duc).toMatch(/\r\n /); // the address was folded
  });

  it('folds at 75 octets between characters, continuation lines start with a space', () => {
    const line = 'NOTE:' + '陳'.repeat(40);
    const folded = fold(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('a campaign exports its coupon holders with their codes (Coupon Code column), consent applied', async () => {
    const { shop, ids } = await shopWithPeople();
    const seg = await shop.call('segments.save', {
      id: null,
      name: 'Everyone',
      rule: {
        kind: 'group',
        op: 'or',
        rules: [
          { kind: 'consent', marketing: true },
          { kind: 'consent', marketing: false },
        ],
      },
    } as never);
    const campaign = await shop.call('campaigns.create', {
      name: 'Tết 2027',
      audience: { kind: 'segment', segmentId: (seg as { id: string }).id },
      offer: { kind: 'percent', percent: 10 },
      validFrom: '2026-11-25',
      validTo: '2026-12-31',
    });
    await shop.call('campaigns.issue', { id: campaign.id });
    const coupons = await shop.call('campaigns.coupons', { id: campaign.id });
    const codeOf = Object.fromEntries(coupons.items.map((c) => [c.customerId, c.code]));
    expect(Object.keys(codeOf)).toHaveLength(4); // the erased customer holds none

    const r = await shop.call('exports.contacts', { selection: { kind: 'campaign', campaignId: campaign.id }, format: 'mailchimp' });
    expect(r.filename).toMatch(/^tet-2027-/);
    const p = parse(r.content);
    expect(p.meta.fields).toEqual([
      'Email Address',
      'First Name',
      'Last Name',
      'Address',
      'Phone Number',
      'Birthday',
      'Tags',
      'Coupon Code',
    ]);
    expect(p.data.map((x) => [x['Email Address'], x['Coupon Code']]).sort()).toEqual(
      [
        ['anh@example.vn', codeOf[ids.anh]],
        ['emily@example.com', codeOf[ids.emily]],
        ['mei@example.tw', codeOf[ids.mei]],
      ].sort(),
    );
    const all = await shop.call('exports.contacts', {
      selection: { kind: 'campaign', campaignId: campaign.id },
      format: 'vcard',
      includeWithoutConsent: true,
    });
    expect(all.rows).toBe(4);
    expect(all.content).toContain(`NOTE:Coupon ${codeOf[ids.noConsent]}`);
    expect(await shop.call('exports.contactsCount', { selection: { kind: 'campaign', campaignId: campaign.id } })).toEqual({
      count: 3,
      withoutConsent: 1,
    });
    expect(await shop.fail('exports.contacts', { selection: { kind: 'campaign', campaignId: 'nope' }, format: 'vcard' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'selection.campaignId',
    });
  });

  it('a saved segment and an RFM segment select their members', async () => {
    const { shop } = await shopWithPeople();
    const seg = (await shop.call('segments.save', {
      id: null,
      name: 'Has email',
      rule: {
        kind: 'group',
        op: 'or',
        rules: [
          { kind: 'consent', marketing: true },
          { kind: 'consent', marketing: false },
        ],
      },
    } as never)) as { id: string };
    const r = await shop.call('exports.contacts', { selection: { kind: 'segment', segmentId: seg.id }, format: 'mailchimp' });
    expect(r.rows).toBe(3);
    expect(r.filename).toMatch(/^has-email-/);
    const rfm = await shop.call('exports.contacts', { selection: { kind: 'rfm', segment: 'champions' }, format: 'mailchimp' });
    expect(rfm.rows).toBe(0); // nobody bought
    expect(rfm.content).toBe('Email Address,First Name,Last Name,Address,Phone Number,Birthday,Tags\r\n');
    expect(await shop.fail('exports.contacts', { selection: { kind: 'segment', segmentId: 'nope' }, format: 'excel' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'selection.segmentId',
    });
    expect(await shop.fail('exports.contacts', { selection: { kind: 'all' }, format: 'pdf' })).toMatchObject({
      code: 'VALIDATION',
      field: 'format',
    });
  });

  it('records each export (who, what, when, rows) with a change-log entry', async () => {
    const { shop } = await shopWithPeople();
    await shop.call('exports.contacts', {
      selection: { kind: 'rfm', segment: 'hibernating' },
      format: 'vcard',
      includeWithoutConsent: true,
    });
    await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'mailchimp' });
    const rows = await shop.backend.ctx.db.selectFrom('contact_exports').selectAll().orderBy('id').execute();
    expect(rows.map(({ id: _id, gid: _gid, ...r }) => r)).toEqual([
      {
        exported_at: shop.clock.now.toISOString(),
        exported_by: 'app',
        format: 'vcard',
        selection: '{"kind":"rfm","segment":"hibernating"}',
        include_without_consent: 1,
        rows: 0,
      },
      {
        exported_at: shop.clock.now.toISOString(),
        exported_by: 'app',
        format: 'mailchimp',
        selection: '{"kind":"all"}',
        include_without_consent: 0,
        rows: 3,
      },
    ]);
    const log = await shop.backend.ctx.db.selectFrom('change_log').selectAll().where('entity', '=', ENTITY_CODES.contact_export).execute();
    expect(log.map((l) => [l.entity_id, l.op])).toEqual(rows.map((r) => [r.id, 'create']));
  });
});

describe('progress of a large export', () => {
  it('reports rows done of the total between chunks, then forgets the export', async () => {
    const shop = await openShop();
    const n = 12_000;
    await shop.backend.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i += 500) {
        const at = '2026-01-01T00:00:00.000Z';
        await trx
          .insertInto('customers')
          .values(
            Array.from({ length: 500 }, (_, j) => ({
              gid: newGid(),
              code: `B${String(i + j).padStart(6, '0')}`,
              full_name: `Khách ${i + j}`,
              search_name: `khach ${i + j}`,
              tags: '[]',
              consent_marketing: 1,
              created_at: at,
              updated_at: at,
            })),
          )
          .execute();
      }
    });
    const key = 'progress-test-1';
    let settled = false;
    const running = shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'mailchimp', progressKey: key }).finally(() => {
      settled = true;
    });
    const seen: ({ done: number; total: number | null } | null)[] = [];
    while (!settled) {
      seen.push(await shop.call('exports.progress', { key }));
      await new Promise((r) => setImmediate(r));
    }
    expect((await running).rows).toBe(n);
    expect(seen.some((p) => p !== null && p.total === n && p.done > 0 && p.done < n)).toBe(true);
    expect(await shop.call('exports.progress', { key })).toBeNull();
  });
});

describe('first and last names by script', () => {
  it.each([
    ['Nguyễn Thị Ánh', 'Thị Ánh', 'Nguyễn'],
    ['Tran Van Minh', 'Van Minh', 'Tran'],
    ['Đỗ Hùng', 'Hùng', 'Đỗ'],
    ['陳美玲', '美玲', '陳'],
    ['歐陽娜娜', '娜娜', '歐陽'],
    ['王芳', '芳', '王'],
    ['Emily Carter', 'Emily', 'Carter'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Madonna', 'Madonna', ''],
    ['  ', '', ''],
  ])('%s', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });
});

describe('export-contacts on the command line', () => {
  const root = path.resolve(__dirname, '..');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, REGULARS_DATA_DIR: '' },
    });

  it('writes the file atomically, 0600, prints the rows and where, and records the export', async () => {
    const { shop } = await shopWithPeople();
    const dir = shop.dir;
    await shop.backend.close();
    const outDir = tempDir();
    const file = path.join(outDir, 'list.csv');
    const r = cli('export-contacts', '--data-dir', dir, '--format', 'excel', '--out', file, '--include-without-consent');
    expect(r.stderr).not.toMatch(/^regulars:/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Wrote 4 contacts (excel) to ${file}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(outDir)).toEqual(['list.csv']); // no temporary file left
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1)).data;
    expect(rows.map((x) => x['Full name']).sort()).toEqual(['Emily Carter', 'Nguyễn Thị Ánh', 'Trần Văn Bình', '陳美玲']);

    const vcf = path.join(outDir, 'list.vcf');
    expect(cli('export-contacts', '--data-dir', dir, '--format', 'vcard', '--out', vcf, '--rfm', 'champions').stdout).toContain(
      'Wrote 0 contacts',
    );
    const bad = cli('export-contacts', '--data-dir', dir, '--format', 'pdf', '--out', vcf);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--format must be one of mailchimp, excel, vcard/);
    const badRfm = cli('export-contacts', '--data-dir', dir, '--format', 'vcard', '--out', vcf, '--rfm', 'kings');
    expect(badRfm.status).not.toBe(0);
    expect(badRfm.stderr).toMatch(/--rfm/);
    const two = cli('export-contacts', '--data-dir', dir, '--format', 'vcard', '--out', vcf, '--rfm', 'hibernating', '--segment', 'x');
    expect(two.stderr).toMatch(/choose one/);

    const b = await openBackend(dir);
    const recorded = await b.ctx.db.selectFrom('contact_exports').select(['exported_by', 'format', 'rows']).orderBy('id').execute();
    await b.close();
    expect(recorded).toEqual([
      { exported_by: 'cli', format: 'excel', rows: 4 },
      { exported_by: 'cli', format: 'vcard', rows: 0 },
    ]);
  });
});

describe('formula cells', () => {
  it('prefixes every formula start, nothing else', () => {
    for (const s of ['=1+1', '+84', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['', 'Ánh', '0912 345 678', ' =1', 'a=b']) expect(neutralise(s)).toBe(s);
  });
});
