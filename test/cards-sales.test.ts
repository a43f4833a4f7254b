import { describe, expect, it } from 'vitest';
import { makeCardNumber } from '../src/shared/cardNumber';
import { logChange } from '../src/main/db/changeLog';
import { count, openShop } from './helpers';

async function customerWithCard() {
  const shop = await openShop();
  const customer = await shop.call('customers.create', { fullName: 'Hoàng Minh Tuấn', phone: '0903 456 789' });
  const card = await shop.call('cards.issue', { customerId: customer.id });
  return { shop, customer, card };
}

describe('cards', () => {
  it('issues one active card per customer, with a valid check digit', async () => {
    const { shop, customer, card } = await customerWithCard();
    expect(card.number).toBe(makeCardNumber(1));
    expect(card.status).toBe('active');
    expect(await shop.fail('cards.issue', { customerId: customer.id })).toMatchObject({
      code: 'CARD_ALREADY_ACTIVE',
      params: { number: card.number },
    });
    expect(await count(shop, 'cards')).toBe(1);
  });

  it('finds the customer from a swipe, with the counter summary', async () => {
    const { shop, customer, card } = await customerWithCard();
    await shop.call('sales.record', { customerId: customer.id, amount: 125_000 });
    const found = await shop.call('cards.lookup', { number: ` ${card.number} ` });
    expect(found.customer.id).toBe(customer.id);
    expect(found.card?.number).toBe(card.number);
    expect(found.stats).toMatchObject({ visits: 1, totalSpend: 125_000, pointsBalance: 12 });
  });

  it('says precisely why a scan is refused', async () => {
    const { shop, card } = await customerWithCard();
    const wrongDigit = card.number.slice(0, -1) + String((Number(card.number.at(-1)) + 1) % 10);
    expect(await shop.fail('cards.lookup', { number: wrongDigit })).toMatchObject({ code: 'CARD_CHECK_DIGIT', field: 'number' });
    expect(await shop.fail('cards.lookup', { number: makeCardNumber(777) })).toMatchObject({ code: 'CARD_UNKNOWN' });
    expect(await shop.fail('cards.lookup', { number: 'hello' })).toMatchObject({ code: 'CARD_MALFORMED' });
    await shop.call('cards.setStatus', { cardId: card.id, status: 'blocked', reason: 'abuse' });
    expect(await shop.fail('cards.lookup', { number: card.number })).toMatchObject({ code: 'CARD_BLOCKED' });
  });

  it('replaces a lost card: history kept, the old number refused with the new one named', async () => {
    const { shop, customer, card } = await customerWithCard();
    await shop.call('cards.setStatus', { cardId: card.id, status: 'lost', reason: null });
    expect(await shop.fail('cards.lookup', { number: card.number })).toMatchObject({ code: 'CARD_LOST' });
    const fresh = await shop.call('cards.replace', { cardId: card.id, reason: 'customer lost it' });
    expect(fresh.number).not.toBe(card.number);
    const err = await shop.fail('cards.lookup', { number: card.number });
    expect(err).toMatchObject({ code: 'CARD_REPLACED', params: { number: card.number, replacement: fresh.number } });
    expect(err.message).toContain(fresh.number);
    const page = await shop.call('customers.get', { id: customer.id });
    expect(page.card?.id).toBe(fresh.id);
    expect(page.cards.map((c) => c.status).sort()).toEqual(['active', 'replaced']);
    expect(page.cards.find((c) => c.id === card.id)?.statusReason).toBe('lost: customer lost it');
    expect(await shop.fail('cards.replace', { cardId: card.id })).toMatchObject({ code: 'CARD_REPLACED' });
  });
});

describe('purchases', () => {
  it('records a purchase with points under the shop rule, rounded down', async () => {
    const { shop, customer, card } = await customerWithCard();
    const r = await shop.call('sales.record', { cardNumber: card.number, amount: 129_999, note: 'cà phê sữa đá' });
    expect(r.sale).toMatchObject({ customerId: customer.id, amount: 129_999, points: 12, note: 'cà phê sữa đá', cardNumber: card.number });
    expect(r.pointsBalance).toBe(12);
    const ledger = await shop.backend.ctx.db.selectFrom('points_ledger').selectAll().execute();
    expect(ledger).toEqual([expect.objectContaining({ kind: 'earn', points: 12, sale_id: Number(r.sale.id) })]);
  });

  it('records a walk-in purchase without points', async () => {
    const shop = await openShop();
    const r = await shop.call('sales.record', { amount: 45_000 });
    expect(r.sale).toMatchObject({ customerId: null, points: 0 });
    expect(r.pointsBalance).toBeNull();
    expect(await count(shop, 'points_ledger')).toBe(0);
  });

  it('voids with a reason: the row stays, the points are reversed, twice is refused', async () => {
    const { shop, customer } = await customerWithCard();
    const { sale } = await shop.call('sales.record', { customerId: customer.id, amount: 200_000 });
    expect(await shop.fail('sales.void', { saleId: sale.id, reason: '  ' })).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    const voided = await shop.call('sales.void', { saleId: sale.id, reason: 'wrong amount' });
    expect(voided).toMatchObject({ voidReason: 'wrong amount', amount: 200_000 });
    expect(voided.voidedAt).not.toBeNull();
    expect(await count(shop, 'sales')).toBe(1);
    const page = await shop.call('customers.get', { id: customer.id });
    expect(page.stats).toMatchObject({ visits: 0, totalSpend: 0, pointsBalance: 0 });
    expect(await shop.fail('sales.void', { saleId: sale.id, reason: 'again' })).toMatchObject({ code: 'SALE_ALREADY_VOIDED' });
  });

  it('refuses malformed amounts at the boundary and bad cards before writing', async () => {
    const { shop, card } = await customerWithCard();
    for (const amount of [0, -5, 12.5, '100', Number.NaN, 1e13]) {
      expect(await shop.fail('sales.record', { amount })).toMatchObject({ code: 'VALIDATION', field: 'amount' });
    }
    await shop.call('cards.setStatus', { cardId: card.id, status: 'blocked', reason: null });
    expect(await shop.fail('sales.record', { cardNumber: card.number, amount: 50_000 })).toMatchObject({ code: 'CARD_BLOCKED' });
    expect(await count(shop, 'sales')).toBe(0);
    expect(await count(shop, 'points_ledger')).toBe(0);
  });

  it("lists today's purchases in the shop's time zone", async () => {
    const { shop, customer } = await customerWithCard();
    shop.clock.now = new Date('2026-11-24T16:59:00Z'); // 23:59 on the 24th in Vietnam
    await shop.call('sales.record', { customerId: customer.id, amount: 10_000 });
    shop.clock.now = new Date('2026-11-24T17:01:00Z'); // 00:01 on the 25th
    const a = await shop.call('sales.record', { amount: 20_000 });
    const b = await shop.call('sales.record', { customerId: customer.id, amount: 30_000 });
    await shop.call('sales.void', { saleId: a.sale.id, reason: 'test' });
    const today = await shop.call('sales.today', {});
    expect(today.date).toBe('2026-11-25');
    expect(today.sales.map((s) => s.id).sort()).toEqual([a.sale.id, b.sale.id].sort());
    expect(today.count).toBe(1);
    expect(today.total).toBe(30_000);
  });

  it("guides the counter with the size of the shop's recent purchases (issue 13 item 3)", async () => {
    const { shop, customer } = await customerWithCard();
    expect(await shop.call('sales.amountGuide', {})).toEqual({ count: 0, p99: null });
    // 100 days ago: outside the 90 days, so its size does not count.
    shop.clock.now = new Date('2026-08-17T03:00:00Z');
    await shop.call('sales.record', { amount: 90_000_000 });
    shop.clock.now = new Date('2026-11-25T03:00:00Z');
    for (let i = 1; i <= 200; i++) await shop.call('sales.record', { customerId: i % 2 ? customer.id : null, amount: i * 1_000 });
    const huge = await shop.call('sales.record', { amount: 500_000_000 });
    await shop.call('sales.void', { saleId: huge.sale.id, reason: 'typo' });
    // 200 live purchases of 1.000 … 200.000: the 99th percentile (nearest rank) is the 198th.
    expect(await shop.call('sales.amountGuide', {})).toEqual({ count: 200, p99: 198_000 });
  });

  it('customer page totals, average and last visit', async () => {
    const { shop, customer } = await customerWithCard();
    await shop.call('sales.record', { customerId: customer.id, amount: 100_000 });
    shop.clock.now = new Date('2026-11-26T03:00:00Z');
    await shop.call('sales.record', { customerId: customer.id, amount: 50_000 });
    const page = await shop.call('customers.get', { id: customer.id });
    expect(page.stats).toEqual({
      visits: 2,
      totalSpend: 150_000,
      averageSpend: 75_000,
      firstVisit: '2026-11-25T03:00:00.000Z',
      lastVisit: '2026-11-26T03:00:00.000Z',
      pointsBalance: 15,
    });
    expect(page.sales.map((s) => s.amount)).toEqual([50_000, 100_000]);
  });

  it('a sale made while another write is open waits for it and is never part of it', async () => {
    const { shop, customer } = await customerWithCard();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Another write (an import, say) holds the connection in a transaction, then fails.
    const other = shop.backend.ctx.db
      .transaction()
      .execute(async (trx) => {
        await logChange(trx, 'customer', 0, 'other', new Date().toISOString());
        await held;
        throw new Error('the other write fails');
      })
      .catch((e: Error) => e.message);
    const sale = shop.call('sales.record', { customerId: customer.id, amount: 10_000 });
    let recorded = false;
    void sale.then(() => (recorded = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded).toBe(false); // waiting for the connection, not inside the other transaction
    release();
    expect(await other).toBe('the other write fails');
    const { sale: s } = await sale;
    expect(await count(shop, 'sales')).toBe(1);
    expect((await shop.call('customers.get', { id: customer.id })).sales.map((x) => x.id)).toEqual([s.id]);
    expect(await shop.backend.ctx.db.selectFrom('change_log').select('op').where('op', '=', 'other').execute()).toEqual([]);
  });
});
