import type http from 'node:http';
import { makeCardNumber } from '../src/shared/cardNumber';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../src/main/transport/http';
import { count, openShop } from './helpers';

const servers: http.Server[] = [];
afterEach(() => {
  while (servers.length) servers.pop()!.close();
});

async function serve() {
  const shop = await openShop();
  const server = createHttpServer({ ctx: shop.backend.ctx, token: 'secret-token' });
  servers.push(server);
  const base = await listen(server, 0);
  const post = (method: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer secret-token' }) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { shop, base, post };
}

describe('HTTP transport', () => {
  it('binds to loopback only', async () => {
    const { base } = await serve();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a request without the token with 401 and touches nothing', async () => {
    const { shop, post } = await serve();
    const before = await count(shop, 'change_log');
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'secret-token' }]) {
      const res = await post('customers.create', { fullName: 'Mallory' }, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(await count(shop, 'customers')).toBe(0);
    expect(await count(shop, 'change_log')).toBe(before);
  });

  it('answers the same contract as IPC: values, typed errors with fields', async () => {
    const { post } = await serve();
    const ok = await post('customers.create', { fullName: 'Võ Thị Sáu' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { code: 'C000001' } });
    const bad = await post('customers.create', { fullName: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'fullName', message: expect.any(String), params: { reason: 'required' } },
    });
    const domain = await post('cards.lookup', { number: makeCardNumber(9) });
    expect(domain.status).toBe(422);
    expect(await domain.json()).toMatchObject({ ok: false, error: { code: 'CARD_UNKNOWN' } });
    const unknown = await post('customers.drop', {});
    expect(unknown.status).toBe(404);
  });

  it('refuses other host names (DNS rebinding) and invalid JSON', async () => {
    const { base } = await serve();
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const u = new URL(base);
      const req = http.request(
        {
          host: '127.0.0.1',
          port: u.port,
          path: '/api/settings.get',
          method: 'POST',
          headers: { host: 'evil.example', authorization: 'Bearer secret-token' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end('{}');
    });
    expect(status).toBe(403);
    const res = await fetch(`${base}/api/settings.get`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret-token' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
  });
});
