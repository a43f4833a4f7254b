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
    expect(row.phone_digits).toBe('84901234567');
    expect(row.email_norm).toBe('anh@example.com');
    expect(await count(shop, 'change_log')).toBeGreaterThan(0);
  });

  it('refuses a missing name and a bad email at the field, writing nothing', async () => {
    const shop = await openShop();
    expect(await shop.fail('customers.create', { fullName: '   ' })).toMatchObject({ code: 'VALIDATION', field: 'fullName' });
    expect(await shop.fail('customers.create', { fullName: 'A', email: 'not-an-email' })).toMatchObject({ code: 'VALIDATION', field: 'email' });
    expect(await shop.fail('customers.create', { fullName: 'A', birthday: '2026-02-30' })).toMatchObject({ code: 'VALIDATION', field: 'birthday' });
    expect(await count(shop, 'customers')).toBe(0);
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
    const u = await shop.call('customers.update', { id: c.id, data: { fullName: 'Lê Văn Cường', area: 'Hải Châu', consent: { marketing: true } } });
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
      bulkInsertCustomers({ db: shop.backend.ctx.db, sqlite: shop.backend.database.sqlite }, Array.from({ length: 400 }, () => ({ data })));
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
