import { describe, expect, it } from 'vitest';
import { bulkInsertCustomers } from '../src/main/services/bulk';
import { customerInput } from '../src/shared/contract';
import { count, openShop } from './helpers';

describe('customers', () => {
  it('creates a customer with a code, folded search columns and consent date', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', {
      fullName: '  Nguyễn   Thị Ánh ',
      phone: '+84 90 123 4567',
      email: 'Anh@Example.com',
      birthday: '1990-02-03',
      gender: 'female',
      area: 'Quận 1',
      tags: ['vip', 'vip', ' '],
      consent: { marketing: true, source: 'counter form' },
    });
    expect(c.code).toBe('C000001');
    expect(c.fullName).toBe('Nguyễn Thị Ánh');
    expect(c.tags).toEqual(['vip']);
    expect(c.consent).toEqual({ marketing: true, date: '2026-11-25', source: 'counter form' });
    const row = await shop.backend.ctx.db.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
    expect(row.search_name).toBe('nguyen thi anh');
    // Shown as people in Vietnam write it; searched by both digit forms; compared by E.164.
    expect(c.phone).toBe('0901 234 567');
    expect(row.phone_digits).toBe('0901234567 84901234567');
    expect(row.phone_canonical).toBe('+84901234567');
    expect(row.email_norm).toBe('anh@example.com');
    expect(await count(shop, 'change_log')).toBeGreaterThan(0);
  });

  it('refuses a missing name and a bad email at the field, writing nothing', async () => {
    const shop = await openShop();
    expect(await shop.fail('customers.create', { fullName: '   ' })).toMatchObject({ code: 'VALIDATION', field: 'fullName' });
    expect(await shop.fail('customers.create', { fullName: 'A', email: 'not-an-email' })).toMatchObject({
      code: 'VALIDATION',
      field: 'email',
    });
    expect(await shop.fail('customers.create', { fullName: 'A', birthday: '2026-02-30' })).toMatchObject({
      code: 'VALIDATION',
      field: 'birthday',
    });
    expect(await count(shop, 'customers')).toBe(0);
  });

  it('takes landlines and every way people write a phone; refuses what is not one with its own code', async () => {
    const shop = await openShop();
    const shop2 = await shop.call('customers.create', { fullName: 'Quán Cơm Tấm', phone: '(028) 3823 4567' });
    expect(shop2.phone).toBe('028 3823 4567');
    expect((await shop.call('customers.create', { fullName: 'Khách Mỹ', phone: '+1 (415) 555-2671' })).phone).toBe('+1 415 555 2671');
    expect((await shop.call('customers.create', { fullName: 'Khách Đài', phone: '0912.345.678' })).phone).toBe('0912 345 678');
    const before = await count(shop, 'customers');
    expect(await shop.fail('customers.create', { fullName: 'A', phone: 'gọi sau' })).toMatchObject({
      code: 'PHONE_NOT_A_NUMBER',
      field: 'phone',
    });
    expect(await shop.fail('customers.create', { fullName: 'A', phone: '12' })).toMatchObject({ code: 'PHONE_TOO_SHORT', field: 'phone' });
    expect(await shop.fail('customers.create', { fullName: 'A', phone: '0912 345 678 999 888' })).toMatchObject({
      code: 'PHONE_TOO_LONG',
      field: 'phone',
    });
    expect(await shop.fail('customers.create', { fullName: 'A', phone: '0912 34' })).toMatchObject({
      code: 'PHONE_TOO_SHORT',
      field: 'phone',
    });
    // A mistyped prefix, or a Hong Kong number in a Vietnamese shop without its +852.
    expect(await shop.fail('customers.create', { fullName: 'A', phone: '0112 345 678' })).toMatchObject({
      code: 'PHONE_INVALID',
      field: 'phone',
    });
    expect(await shop.fail('customers.create', { fullName: 'A', phone: '9123 4567' })).toMatchObject({
      code: 'PHONE_INVALID',
      field: 'phone',
    });
    expect(await shop.fail('customers.update', { id: shop2.id, data: { fullName: 'A', phone: 'abc' } })).toMatchObject({
      code: 'PHONE_NOT_A_NUMBER',
      field: 'data.phone',
    });
    expect(await count(shop, 'customers')).toBe(before);
  });

  it('lets a customer whose old phone does not parse be edited without retyping it', async () => {
    const shop = await openShop();
    // As the migration or an import keeps it: a pre-2018 eleven-digit mobile.
    bulkInsertCustomers({ db: shop.backend.ctx.db, sqlite: shop.backend.database.sqlite }, [
      { data: customerInput.parse({ fullName: 'Cô Ba', phone: '0168 987 6543' }) },
    ]);
    const c = (await shop.call('customers.search', { query: '01689876543' })).items[0]!;
    expect(c.phone).toBe('0168 987 6543');
    const edited = await shop.call('customers.update', { id: c.id, data: { fullName: 'Cô Ba Bán Bánh', phone: c.phone } });
    expect(edited.phone).toBe('0168 987 6543');
    expect(await shop.fail('customers.update', { id: c.id, data: { fullName: 'Cô Ba', phone: '0168 987 6544' } })).toMatchObject({
      code: 'PHONE_INVALID',
    });
  });

  it('warns about a duplicate phone written another way (issue 13)', async () => {
    const shop = await openShop();
    const a = await shop.call('customers.create', { fullName: 'Trần Văn Bình', phone: '+84 912-345-678' });
    for (const phone of ['0912 345 678', '84912345678', '0912.345.678']) {
      expect(await shop.call('customers.duplicates', { phone }), phone).toEqual([
        expect.objectContaining({ id: a.id, matchedOn: 'phone' }),
      ]);
    }
    const landline = await shop.call('customers.create', { fullName: 'Quán Cơm Tấm', phone: '028 3823 4567' });
    expect(await shop.call('customers.duplicates', { phone: '+84 28 3823 4567' })).toEqual([expect.objectContaining({ id: landline.id })]);
    // The same digits in Taiwan are someone else.
    expect(await shop.call('customers.duplicates', { phone: '+886 912 345 678' })).toEqual([]);
  });

  it('compares phones by the shop country in Taiwan and Hong Kong too', async () => {
    const tw = await openShop({ settings: { currency: 'TWD', locale: 'zh-Hant', timeZone: 'Asia/Taipei', country: 'TW' } });
    const lin = await tw.call('customers.create', { fullName: '林美玲', phone: '+886 912 345 678' });
    expect(await tw.call('customers.duplicates', { phone: '0912-345-678' })).toEqual([
      expect.objectContaining({ id: lin.id, matchedOn: 'phone' }),
    ]);
    const hk = await openShop({ settings: { currency: 'HKD', locale: 'zh-Hant', timeZone: 'Asia/Hong_Kong', country: 'HK' } });
    const chan = await hk.call('customers.create', { fullName: '陳大文', phone: '9123 4567' });
    expect(chan.phone).toBe('9123 4567');
    expect(await hk.call('customers.duplicates', { phone: '+852 9123-4567' })).toEqual([
      expect.objectContaining({ id: chan.id, matchedOn: 'phone' }),
    ]);
  });

  it('warns about a likely duplicate by normalised phone or email', async () => {
    const shop = await openShop();
    const a = await shop.call('customers.create', { fullName: 'Trần Văn Bình', phone: '0901 234 567', email: 'binh@example.com' });
    const byPhone = await shop.call('customers.duplicates', { phone: '+84 901-234-567' });
    expect(byPhone).toEqual([expect.objectContaining({ id: a.id, matchedOn: 'phone' })]);
    const byEmail = await shop.call('customers.duplicates', { email: ' BINH@example.COM ' });
    expect(byEmail).toEqual([expect.objectContaining({ id: a.id, matchedOn: 'email' })]);
    expect(await shop.call('customers.duplicates', { phone: '0901 234 567', excludeId: a.id })).toEqual([]);
    expect(await shop.call('customers.duplicates', { phone: '0987 000 111' })).toEqual([]);
  });

  it('edits a customer and keeps the original consent date', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lê Văn Cường', consent: { marketing: true } });
    shop.clock.now = new Date('2026-12-20T03:00:00Z');
    const u = await shop.call('customers.update', {
      id: c.id,
      data: { fullName: 'Lê Văn Cường', area: 'Hải Châu', consent: { marketing: true } },
    });
    expect(u.area).toBe('Hải Châu');
    expect(u.consent.date).toBe('2026-11-25');
    const withdrawn = await shop.call('customers.update', { id: c.id, data: { fullName: 'Lê Văn Cường', consent: { marketing: false } } });
    expect(withdrawn.consent).toEqual({ marketing: false, date: null, source: null });
  });

  describe('search', () => {
    async function shopWithPeople() {
      const shop = await openShop();
      for (const [fullName, phone] of [
        ['Nguyễn Văn An', '0901 111 222'],
        ['Đào Thị Hương', '0912 345 678'],
        ['Phạm Ngọc Đức', '0933 000 999'],
        ['王芳', '+886 912 000 111'],
        ['陳大文', '+852 9123 4567'],
        ['Emily Nguyen', '0977 555 444'],
      ] as const) {
        await shop.call('customers.create', { fullName, phone });
      }
      return shop;
    }
    const names = async (shop: Awaited<ReturnType<typeof shopWithPeople>>, query: string) =>
      (await shop.call('customers.search', { query })).items.map((i) => i.fullName).sort();

    it('ignores diacritics and case, including đ/Đ', async () => {
      const shop = await shopWithPeople();
      expect(await names(shop, 'nguyen')).toEqual(['Emily Nguyen', 'Nguyễn Văn An']);
      expect(await names(shop, 'NGUYỄN')).toEqual(['Emily Nguyen', 'Nguyễn Văn An']);
      expect(await names(shop, 'dao')).toEqual(['Đào Thị Hương']);
      expect(await names(shop, 'duc')).toEqual(['Phạm Ngọc Đức']);
      expect(await names(shop, 'huong')).toEqual(['Đào Thị Hương']);
      expect(await names(shop, 'đ')).toEqual(['Phạm Ngọc Đức', 'Đào Thị Hương']);
    });
    it('finds Chinese names by substring, even two characters', async () => {
      const shop = await shopWithPeople();
      expect(await names(shop, '王芳')).toEqual(['王芳']);
      expect(await names(shop, '芳')).toEqual(['王芳']);
      expect(await names(shop, '大文')).toEqual(['陳大文']);
      expect(await names(shop, '陳大文')).toEqual(['陳大文']);
    });
    it('finds phones by any run of digits', async () => {
      const shop = await shopWithPeople();
      expect(await names(shop, '345')).toEqual(['Đào Thị Hương', '陳大文']);
      expect(await names(shop, '0912 345')).toEqual(['Đào Thị Hương']);
      expect(await names(shop, '852 9123')).toEqual(['陳大文']);
      expect(await names(shop, '99')).toEqual(['Phạm Ngọc Đức']);
    });
    it('finds a phone however it was typed, at the counter and in the list (issue 13)', async () => {
      const shop = await openShop();
      const binh = await shop.call('customers.create', { fullName: 'Trần Văn Bình', phone: '+84 912-345-678' });
      await shop.call('customers.create', { fullName: 'Quán Cơm Tấm', phone: '(028) 3823 4567' });
      const hoa = await shop.call('customers.create', { fullName: 'Lê Thị Hoa', phone: '84909876543' });
      for (const query of [
        '0912345678',
        '+84912345678',
        '84 912 345 678',
        '0912 345 678',
        '0084 912 345 678',
        '+84 (0) 912 345 678',
        '091234',
        '345 678',
      ]) {
        expect(await names(shop, query), query).toEqual(['Trần Văn Bình']);
      }
      expect((await shop.call('customers.search', { query: '0912345678' })).items[0]!.id).toBe(binh.id);
      expect(await names(shop, '0909876543')).toEqual(['Lê Thị Hoa']);
      expect((await shop.call('customers.search', { query: '0909876543' })).items[0]!.id).toBe(hoa.id);
      expect(await names(shop, '4567')).toEqual(['Quán Cơm Tấm', 'Trần Văn Bình']); // 0912345678 holds 4567 too
      expect(await names(shop, '3823')).toEqual(['Quán Cơm Tấm']);
      expect(await names(shop, '028 3823 4567')).toEqual(['Quán Cơm Tấm']);
      expect(await names(shop, '+84 28 3823 4567')).toEqual(['Quán Cơm Tấm']);
      // One or two digits walk the index (no FTS) and still look in both forms.
      expect(await names(shop, '84')).toEqual(['Lê Thị Hoa', 'Quán Cơm Tấm', 'Trần Văn Bình']);
    });
    it('finds Taiwanese phones in a Taiwanese shop whichever way they were typed', async () => {
      const shop = await openShop({ settings: { currency: 'TWD', locale: 'zh-Hant', timeZone: 'Asia/Taipei', country: 'TW' } });
      await shop.call('customers.create', { fullName: '林美玲', phone: '+886 912 345 678' });
      await shop.call('customers.create', { fullName: '張志明', phone: '0922-111-333' });
      expect(await names(shop, '0912-345-678')).toEqual(['林美玲']);
      expect(await names(shop, '0912345678')).toEqual(['林美玲']);
      expect(await names(shop, '886922111333')).toEqual(['張志明']);
    });
    it('lists everyone in pages with a total', async () => {
      const shop = await shopWithPeople();
      const first = await shop.call('customers.search', { query: '', limit: 4 });
      const rest = await shop.call('customers.search', { query: '', limit: 4, offset: 4 });
      expect(first.total).toBe(6);
      expect(first.totalIsExact).toBe(true);
      expect(first.items).toHaveLength(4);
      expect(rest.items).toHaveLength(2);
      expect(new Set([...first.items, ...rest.items].map((i) => i.id)).size).toBe(6);
    });
    it('says when a broad query stopped counting early, and the count grows as the list scrolls', async () => {
      const shop = await openShop();
      const data = customerInput.parse({ fullName: 'Nguyễn Văn Test' });
      bulkInsertCustomers(
        { db: shop.backend.ctx.db, sqlite: shop.backend.database.sqlite },
        Array.from({ length: 400 }, () => ({ data })),
      );
      const first = await shop.call('customers.search', { query: 'ng', limit: 50 });
      expect(first.totalIsExact).toBe(false);
      expect(first.total).toBe(250);
      const later = await shop.call('customers.search', { query: 'ng', limit: 50, offset: 200 });
      expect(later.totalIsExact).toBe(true);
      expect(later.total).toBe(400);
    });
    it('treats LIKE wildcards and FTS syntax as plain text', async () => {
      const shop = await shopWithPeople();
      expect(await names(shop, '%')).toEqual([]);
      expect(await names(shop, '"an')).toEqual([]);
      expect(await names(shop, 'an OR')).toEqual([]);
    });
  });
});
