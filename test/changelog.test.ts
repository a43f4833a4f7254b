/** What the change log records for each kind of write: who, when (HLC), which entity, what changed. */
import { describe, expect, it } from 'vitest';
import { bulkInsertSales } from '../src/main/services/bulk';
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
    bulkInsertSales(shop.backend.database, [{ customerId: c.id, amount: 10_000, soldAt: '2026-11-20T01:00:00.000Z' }], {
      now: () => shop.clock.now,
    });

    const rows = await shop.backend.ctx.db.selectFrom('change_log').selectAll().where('seq', '>', start).orderBy('seq').execute();
    const origin = (await shop.backend.ctx.db.selectFrom('installs').select('key').where('current', '=', 1).executeTakeFirstOrThrow()).key;
    expect(
      rows.map((r) => [
        r.entity,
        r.op,
        r.entity_id === c.id || r.entity_id === card.id || r.entity_id === sale.id,
        r.data ? JSON.parse(r.data) : null,
      ]),
    ).toEqual([
      ['customer', 'create', true, null],
      ['card', 'issue', true, null],
      ['sale', 'create', true, null],
      ['customer', 'update', true, ['phone', 'phone_digits', 'phone_canonical', 'email', 'email_norm']],
      ['sale', 'void', true, ['voided_at', 'void_reason']],
      ['card', 'lost', true, ['status', 'status_at', 'status_reason']],
      ['sale', 'create', false, null],
    ]);
    expect(new Set(rows.map((r) => r.origin))).toEqual(new Set([origin]));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.hlc).toBeGreaterThan(rows[i - 1]!.hlc);
    expect(hlcMs(rows[0]!.hlc)).toBe(Date.parse('2026-11-25T03:00:00.000Z'));
    expect(hlcMs(rows[2]!.hlc)).toBe(Date.parse('2026-11-25T03:00:00.000Z')); // held at the last time, counting
    expect(hlcMs(rows.at(-1)!.hlc)).toBe(Date.parse('2026-11-25T04:00:00.000Z'));
  });
});
