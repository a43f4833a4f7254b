/** What the change log records for each kind of write: who, when (HLC), which entity, what changed. */
import { describe, expect, it } from 'vitest';
import { entityName } from '../src/main/db/entities';
import { bulkInsertSales } from '../src/main/services/bulk';
import { gidBytes } from '../src/shared/gid';
import { hlcMs } from '../src/shared/hlc';
import { openShop } from './helpers';

describe('change log', () => {
  it('records the install, an HLC that never goes back, the entity and the changed fields', async () => {
    const shop = await openShop({ now: '2026-11-25T03:00:00.000Z' });
    const start = Number(
      (
        await shop.backend.ctx.db
          .selectFrom('change_log')
          .select((eb) => eb.fn.max('seq').as('s'))
          .executeTakeFirstOrThrow()
      ).s,
    );
    const c = await shop.call('customers.create', { fullName: 'Đặng Thu Thảo', phone: '0901 234 567' });
    const card = await shop.call('cards.issue', { customerId: c.id });
    shop.clock.now = new Date('2026-11-25T02:00:00.000Z'); // the computer's clock went back an hour
    const { sale } = await shop.call('sales.record', { customerId: c.id, amount: 45_000 });
    await shop.call('customers.update', {
      id: c.id,
      data: { fullName: 'Đặng Thu Thảo', phone: '0902 000 111', email: 'thao@example.com' },
    });
    await shop.call('sales.void', { saleId: sale.id, reason: 'wrong amount' });
    await shop.call('cards.setStatus', { cardId: card.id, status: 'lost', reason: null });
    shop.clock.now = new Date('2026-11-25T04:00:00.000Z');
    // A purchase's creation is not logged, at the counter or in bulk: its row (key, origin, times) says it all.
    bulkInsertSales(shop.backend.database, [{ customerId: c.id, amount: 10_000, soldAt: '2026-11-20T01:00:00.000Z' }], {
      now: () => shop.clock.now,
    });
    await shop.call('customers.update', {
      id: c.id,
      data: { fullName: 'Đặng Thu Thảo', phone: '0902 000 111', email: 'thao@example.com', notes: 'khách quen' },
    });

    const db = shop.backend.ctx.db;
    const rows = await db.selectFrom('change_log').selectAll().where('seq', '>', start).orderBy('seq').execute();
    const origin = (await db.selectFrom('installs').select('key').where('current', '=', 1).executeTakeFirstOrThrow()).key;
    // Entries name the entity by its code and the row by its local key.
    const keyOf = async (table: 'customers' | 'cards', id: string): Promise<number> =>
      (
        await db
          .selectFrom(table)
          .select('id')
          .where('gid', '=', Buffer.from(gidBytes(id)!))
          .executeTakeFirstOrThrow()
      ).id;
    const keys = { customer: await keyOf('customers', c.id), card: await keyOf('cards', card.id), sale: Number(sale.id) };
    expect(
      rows.map((r) => {
        const name = entityName(r.entity);
        return [name, r.op, r.entity_id === keys[name as keyof typeof keys], r.data ? JSON.parse(r.data) : null];
      }),
    ).toEqual([
      ['customer', 'create', true, null],
      ['card', 'issue', true, null],
      ['customer', 'update', true, ['phone', 'phone_digits', 'phone_canonical', 'email', 'email_norm']],
      ['sale', 'void', true, ['voided_at', 'void_reason']],
      ['card', 'lost', true, ['status', 'status_at', 'status_reason']],
      ['customer', 'update', true, ['notes']],
    ]);
    expect(rows.map((r) => r.entity)).toEqual([1, 2, 1, 3, 2, 1]);
    expect(new Set(rows.map((r) => r.origin))).toEqual(new Set([origin]));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.hlc).toBeGreaterThan(rows[i - 1]!.hlc);
    expect(hlcMs(rows[0]!.hlc)).toBe(Date.parse('2026-11-25T03:00:00.000Z'));
    expect(hlcMs(rows[2]!.hlc)).toBe(Date.parse('2026-11-25T03:00:00.000Z')); // held at the last time, counting
    expect(hlcMs(rows.at(-1)!.hlc)).toBe(Date.parse('2026-11-25T04:00:00.000Z'));
  });
});
