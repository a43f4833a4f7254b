/**
 * LAN mode of browser mode (issue 19), over real HTTP on a real shop file. The calls "from another
 * device" go to this computer's own non-loopback IPv4 address, which the server sees as a remote
 * caller exactly as it would see a tablet.
 */
import type http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { IDLE_SIGN_OUT_MS } from '../src/main/api/session';
import { LAN_NEEDS_OWNER_MESSAGE, LAN_SWITCH_IGNORED_MESSAGE, lanMode, lanRefusal, lanUrls } from '../src/main/cli/lan';
import { writeRuleSetting } from '../src/main/services/ruleSettings';
import { createHttpServer, listen, SESSION_PATH } from '../src/main/transport/http';
import { isLoopbackAddress, lanAddresses } from '../src/main/transport/lan';
import { count, openShop, type TestShop } from './helpers';

const TOKEN = 'lan-token';
const lanIp = lanAddresses()[0];
if (!lanIp) console.warn('\n*** test/lan.test.ts: this machine has no non-loopback IPv4 address: the calls from the LAN are SKIPPED ***\n');

const servers: http.Server[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (servers.length) servers.pop()!.close();
});

async function setUp(shop: TestShop): Promise<void> {
  const ok = async (method: string, input: unknown): Promise<void> => {
    const r = await dispatch(shop.backend.ctx, method, input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  await ok('staff.setupOwner', { name: 'Lan', pin: '1234' });
  await ok('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
}

type Answer = { status: number; body: { ok: boolean; value?: unknown; error?: { code: string } } };

/** A LAN server on a shop; `lan(...)` calls through the LAN address, `local(...)` through loopback. */
async function serveLan(shop: TestShop) {
  const server = createHttpServer({ ctx: shop.backend.ctx, token: TOKEN, lan: true });
  servers.push(server);
  const port = new URL(await listen(server, 0, '0.0.0.0')).port;
  const at =
    (host: string) =>
    async (method: string, input: unknown, session?: string, token = TOKEN): Promise<Answer> => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (session !== undefined) headers['x-regulars-session'] = session;
      const res = await fetch(`http://${host}:${port}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as Answer['body'] };
    };
  const issue = async (host = lanIp!): Promise<string> => {
    const res = await fetch(`http://${host}:${port}${SESSION_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { value: { session: string } }).value.session;
  };
  return { port, lan: at(lanIp ?? '127.0.0.1'), local: at('127.0.0.1'), issue };
}

describe('serve --lan', () => {
  it('is refused on a shop without an owner PIN, with a message saying what to do', async () => {
    const shop = await openShop();
    expect(await lanRefusal(shop.backend.ctx)).toBe(LAN_NEEDS_OWNER_MESSAGE);
    const dir = shop.dir;
    await shop.backend.close();
    const { run, CliError } = await import('../src/main/cli/index');
    const started = run(['serve', '--lan', '--port', '0', '--data-dir', dir], () => undefined);
    await expect(started).rejects.toBeInstanceOf(CliError);
    await expect(started).rejects.toThrow(/owner and their PIN/);

    const again = await openShop({ dir });
    await setUp(again);
    expect(await lanRefusal(again.backend.ctx)).toBeNull();
  });

  it('follows the owner’s switch in Settings, which turns on only with an owner PIN', async () => {
    const shop = await openShop();
    const before = await count(shop, 'change_log');
    expect(await shop.call('lan.getAccess', {})).toEqual({ enabled: false });
    expect(await shop.fail('lan.setAccess', { enabled: true })).toMatchObject({ code: 'LAN_NEEDS_STAFF', field: 'enabled' });
    expect(await shop.fail('lan.setAccess', { enabled: 'yes' })).toMatchObject({ code: 'VALIDATION', field: 'enabled' });
    expect(await shop.call('lan.getAccess', {})).toEqual({ enabled: false });
    expect(await count(shop, 'change_log')).toBe(before);
    expect(await lanMode(shop.backend.ctx, false)).toEqual({ lan: false, refusal: null, warning: null });
    expect(await lanMode(shop.backend.ctx, true)).toEqual({ lan: false, refusal: LAN_NEEDS_OWNER_MESSAGE, warning: null });

    // A switch left on by a backup restored from before the accounts: loopback only, and say so.
    await writeRuleSetting(shop.backend.ctx, 'lanAccess', { enabled: true });
    expect(await lanMode(shop.backend.ctx, false)).toEqual({ lan: false, refusal: null, warning: LAN_SWITCH_IGNORED_MESSAGE });

    await setUp(shop);
    expect(await shop.call('lan.setAccess', { enabled: true })).toEqual({ enabled: true });
    expect(await lanMode(shop.backend.ctx, false)).toEqual({ lan: true, refusal: null, warning: null });
    expect(await shop.call('lan.setAccess', { enabled: false })).toEqual({ enabled: false });
    expect(await lanMode(shop.backend.ctx, false)).toEqual({ lan: false, refusal: null, warning: null });
    expect(await lanMode(shop.backend.ctx, true)).toEqual({ lan: true, refusal: null, warning: null });
  });

  it('prints one URL with the token per LAN address', () => {
    expect(lanUrls(4178, 'tok', ['192.168.1.20', '10.0.0.5'])).toEqual([
      'http://192.168.1.20:4178/#token=tok',
      'http://10.0.0.5:4178/#token=tok',
    ]);
  });

  it('tells loopback callers from the others', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.168.1.20', '::ffff:192.168.1.20', 'fe80::1', '', undefined]) expect(isLoopbackAddress(a)).toBe(false);
  });
});

describe.skipIf(!lanIp)(`calls from another device (through ${lanIp ?? 'no LAN address'})`, () => {
  it('get the open methods only until a PIN signs the session in; then the staff role, never the owner’s', async () => {
    const shop = await openShop();
    await setUp(shop);
    const { lan, issue } = await serveLan(shop);
    const tab = await issue();
    expect(await lan('settings.get', {}, tab)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await lan('staff.status', {}, tab)).toMatchObject({ status: 200, body: { value: { accountsExist: true, signedIn: null } } });
    expect(await lan('customers.create', { fullName: 'Mallory' }, tab)).toMatchObject({
      status: 403,
      body: { error: { code: 'SIGN_IN_REQUIRED' } },
    });
    expect(await lan('staff.signIn', { pin: '5555' }, tab)).toMatchObject({ status: 200 });
    expect(await lan('customers.create', { fullName: 'Hoa' }, tab)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await lan('customers.search', {}, tab)).toMatchObject({ status: 200 });
    expect(await lan('staff.list', {}, tab)).toMatchObject({ status: 403, body: { error: { code: 'OWNER_ONLY' } } });
    expect(await count(shop, 'customers')).toBe(1);

    // Another tab (or tablet) with its own issued session is not signed in by the first one's PIN.
    expect((await lan('customers.search', {}, await issue())).body.error?.code).toBe('SIGN_IN_REQUIRED');

    // Idle sign-out, as for a tab on this computer.
    const later = Date.now() + IDLE_SIGN_OUT_MS + 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect((await lan('customers.search', {}, tab)).body.error?.code).toBe('SIGN_IN_REQUIRED');
  });

  it('refuse a session id the client made up (or none), while loopback keeps its own ids', async () => {
    const shop = await openShop();
    await setUp(shop);
    const { lan, local, port } = await serveLan(shop);
    // A tab on this computer signs in under an id it chose, as before LAN mode…
    expect((await local('staff.signIn', { pin: '1234' }, 'my-own-tab')).status).toBe(200);
    expect((await local('staff.list', {}, 'my-own-tab')).status).toBe(200);
    // …and a device on the LAN naming that id (or inventing one, or sending none) gets nothing, not even the open methods.
    for (const session of ['my-own-tab', 'invented-by-tablet', '', undefined]) {
      const r = await lan('staff.list', {}, session);
      expect(r).toMatchObject({ status: 401, body: { error: { code: 'SESSION_UNKNOWN' } } });
      expect((await lan('staff.signIn', { pin: '5555' }, session)).body.error?.code).toBe('SESSION_UNKNOWN');
    }
    // The token is still checked first, and /session needs it too.
    expect((await lan('settings.get', {}, undefined, 'wrong')).status).toBe(401);
    const res = await fetch(`http://${lanIp}:${port}${SESSION_PATH}`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(401);
  });

  it('accept this computer’s LAN address as Host, and refuse other host names', async () => {
    const shop = await openShop();
    await setUp(shop);
    const { port, issue } = await serveLan(shop);
    const tab = await issue();
    const withHost = async (host: string): Promise<number> => {
      const nodeHttp = await import('node:http');
      return new Promise<number>((resolve, reject) => {
        const req = nodeHttp.request(
          {
            host: lanIp,
            port,
            path: '/api/settings.get',
            method: 'POST',
            headers: { host, authorization: `Bearer ${TOKEN}`, 'x-regulars-session': tab, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    };
    expect(await withHost(`${lanIp}:${port}`)).toBe(200);
    expect(await withHost(`127.0.0.1:${port}`)).toBe(200);
    expect(await withHost(`evil.example:${port}`)).toBe(403);
    expect(await withHost(`regulars.local:${port}`)).toBe(403);
    expect(await withHost(`192.0.2.254:${port}`)).toBe(403);
  });

  it('are refused everything on a shop that has no accounts (a backup restored from before them), even setting up an owner', async () => {
    const shop = await openShop();
    const { lan, local, issue } = await serveLan(shop);
    const tab = await issue();
    for (const method of ['settings.get', 'staff.setupOwner', 'customers.search']) {
      const r = await lan(method, method === 'staff.setupOwner' ? { name: 'Mallory', pin: '0000' } : {}, tab);
      expect(r).toMatchObject({ status: 403, body: { error: { code: 'LAN_NEEDS_STAFF' } } });
    }
    expect(await shop.backend.ctx.db.selectFrom('staff').select('id').execute()).toEqual([]);
    // This computer itself is served as before: no accounts, no questions.
    expect((await local('customers.search', {}, 'tab')).status).toBe(200);
  });
});

describe('a loopback-only server', () => {
  it('does not take a LAN address as its Host', async () => {
    const shop = await openShop();
    const server = createHttpServer({ ctx: shop.backend.ctx, token: TOKEN });
    servers.push(server);
    const base = await listen(server, 0);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const nodeHttp = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = nodeHttp.request(
        {
          host: '127.0.0.1',
          port: new URL(base).port,
          path: '/api/settings.get',
          method: 'POST',
          headers: { host: `${lanIp ?? '192.168.1.20'}:1`, authorization: `Bearer ${TOKEN}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});

describe('request keys on a tablet', () => {
  it('are made without crypto.randomUUID, which http://<LAN address> (not a secure context) lacks', async () => {
    const { newRequestKey } = await import('../src/renderer/src/api/requestKey');
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    try {
      const keys = new Set(Array.from({ length: 100 }, () => newRequestKey()));
      expect(keys.size).toBe(100);
      for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
