/**
 * A retry never records twice: sales.record, customers.create and cards.issue take a
 * client-chosen key; the same key returns the first result, the same key with another input is
 * refused, and nothing is half-written either way.
 */
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneIdempotencyKeys } from '../src/main/services/idempotency';
import { createHttpServer, listen } from '../src/main/transport/http';
import { count, openShop } from './helpers';

const KEY = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('idempotency keys', () => {
  it('records a sale once for two calls with the same key, and answers both alike', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Phạm Minh Châu' });
    const first = await shop.call('sales.record', { customerId: c.id, amount: 120_000, note: 'bánh mì', idempotencyKey: KEY });
    shop.clock.now = new Date(shop.clock.now.getTime() + 5_000);
    const again = await shop.call('sales.record', { customerId: c.id, amount: 120_000, note: ' bánh mì ', idempotencyKey: KEY });
    expect(again).toEqual(first);
    expect(await count(shop, 'sales')).toBe(1);
    expect(await count(shop, 'points_ledger')).toBe(1);
    // Without a key (or with another one) each call is a purchase of its own.
    await shop.call('sales.record', { customerId: c.id, amount: 120_000, note: 'bánh mì' });
    await shop.call('sales.record', { customerId: c.id, amount: 120_000, note: 'bánh mì', idempotencyKey: KEY + '-2' });
    expect(await count(shop, 'sales')).toBe(3);
  });

  it('refuses the same key with a different purchase, with a typed error and nothing written', async () => {
    const shop = await openShop();
    await shop.call('sales.record', { amount: 50_000, idempotencyKey: KEY });
    const changes = await count(shop, 'change_log');
    const e = await shop.fail('sales.record', { amount: 60_000, idempotencyKey: KEY });
    expect(e).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    // Used by another method, the key is refused too.
    expect(await shop.fail('customers.create', { fullName: 'Ai Đó', idempotencyKey: KEY })).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await count(shop, 'sales')).toBe(1);
    expect(await count(shop, 'customers')).toBe(0);
    expect(await count(shop, 'change_log')).toBe(changes);
  });

  it('does not spend a key on a refused sale: the corrected retry of the same input goes through', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lý Gia Hân' });
    const card = await shop.call('cards.issue', { customerId: c.id });
    await shop.call('cards.setStatus', { cardId: card.id, status: 'blocked', reason: null });
    expect(await shop.fail('sales.record', { cardNumber: card.number, amount: 10_000, idempotencyKey: KEY })).toMatchObject({
      code: 'CARD_BLOCKED',
    });
    const ok = await shop.call('sales.record', { customerId: c.id, amount: 10_000, idempotencyKey: KEY });
    expect(ok.sale.amount).toBe(10_000);
  });

  it('creates a customer and issues a card once per key', async () => {
    const shop = await openShop();
    const input = { fullName: 'Trương Quốc Vinh', phone: '0912 345 678', idempotencyKey: 'cust-key-0001' };
    const a = await shop.call('customers.create', input);
    const b = await shop.call('customers.create', input);
    expect(b).toEqual(a);
    expect(await count(shop, 'customers')).toBe(1);
    expect(await shop.fail('customers.create', { ...input, fullName: 'Someone Else' })).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    const card = await shop.call('cards.issue', { customerId: a.id, idempotencyKey: 'card-key-0001' });
    // Without the key a second issue is refused (one active card); with it, the retry gets the card.
    expect(await shop.call('cards.issue', { customerId: a.id, idempotencyKey: 'card-key-0001' })).toEqual(card);
    expect(await count(shop, 'cards')).toBe(1);
  });

  it('checks the key at the contract', async () => {
    const shop = await openShop();
    for (const bad of ['short', 'x'.repeat(101), 'has space in it', 'ünïcode-key', 42]) {
      expect(await shop.fail('sales.record', { amount: 1000, idempotencyKey: bad })).toMatchObject({
        code: 'VALIDATION',
        field: 'idempotencyKey',
      });
    }
    expect(await count(shop, 'sales')).toBe(0);
  });

  it('forgets keys after a week', async () => {
    const shop = await openShop();
    await shop.call('sales.record', { amount: 1000, idempotencyKey: KEY });
    shop.clock.now = new Date(shop.clock.now.getTime() + 8 * 86_400_000);
    expect(await pruneIdempotencyKeys(shop.backend.ctx)).toBe(1);
    await shop.call('sales.record', { amount: 1000, idempotencyKey: KEY });
    expect(await count(shop, 'sales')).toBe(2);
  });
});

const servers: http.Server[] = [];
afterEach(() => {
  while (servers.length) servers.pop()!.close();
});

describe('idempotency over HTTP', () => {
  it('a till retrying 20 times at once records one sale and gets one answer', async () => {
    const shop = await openShop();
    const server = createHttpServer({ ctx: shop.backend.ctx, token: 'secret-token' });
    servers.push(server);
    const base = await listen(server, 0);
    const body = JSON.stringify({ amount: 75_000, idempotencyKey: KEY });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/api/sales.record`, { method: 'POST', headers: { authorization: 'Bearer secret-token' }, body }).then((r) =>
          r.json(),
        ),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ ok: true, value: { sale: { amount: 75_000 } } });
    expect(await count(shop, 'sales')).toBe(1);
  });
});
