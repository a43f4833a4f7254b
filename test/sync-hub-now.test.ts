/**
 * Sync now through the chain's hub (issue 18), through dispatch, against a real PostgreSQL server
 * (test/pgServer.ts) and real shop files: the owner chooses the hub and gives its address; the
 * password is held for the session only, never written to the shop file or the audit log; Sync now
 * sends and receives through the hub; a hub that is down, a wrong or missing password, a missing
 * database, a role without rights, TLS the server does not offer and a newer hub each come back as
 * one kind the page says in words, never with the password.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession } from '../src/main/api/session';
import { DB_FILE_NAME } from '../src/main/db/open';
import { HubStore } from '../src/main/sync/hubStore';
import { openShop, tempDir, type TestShop } from './helpers';
import { postgresMissing, startPostgres, type PgServer } from './pgServer';

async function copyOf(shop: TestShop): Promise<string> {
  await shop.backend.close();
  const dir = tempDir();
  fs.copyFileSync(path.join(shop.dir, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return dir;
}

async function twoTills() {
  let a = await openShop();
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const aDir = a.dir;
  const b = await openShop({ dir: await copyOf(a) });
  a = await openShop({ dir: aDir });
  return { a, b, x };
}

/** Every byte the shop keeps on disk (the file and its WAL), to look for a password in. */
function shopBytes(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(DB_FILE_NAME))
    .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
    .join('');
}

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

describe.skipIf(postgresMissing())('Sync now through the chain’s hub', () => {
  let server: PgServer;
  let n = 0;
  const secret = 'Mật khẩu/đúng@1';
  const role = `branch_now_${process.pid}`;
  beforeAll(async () => {
    server = await startPostgres();
    await admin((c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${secret}'`));
  }, 60_000);
  afterAll(() => server?.stop());

  async function admin<T>(f: (c: pg.Client) => Promise<T>, url = server.url): Promise<T> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  }

  /** A fresh database owned by the branch role; its URL without a password. */
  async function freshHub(owner = role): Promise<string> {
    const name = `hubnow_${process.pid}_${++n}`;
    await admin((c) => c.query(`CREATE DATABASE ${name} OWNER ${owner}`));
    return server.url.replace('postgres://regulars@', `postgres://${role}@`).replace(/\/postgres$/, `/${name}`);
  }

  it('the owner gives the hub with its password; both tills sync through it; the password is never stored', async () => {
    const { a, b, x } = await twoTills();
    const y = await a.call('customers.create', { fullName: 'Trần Văn Bình' });
    await b.call('customers.create', { fullName: '王芳' });
    const url = await freshHub();
    const withPassword = url.replace(`${role}@`, `${role}:${encodeURIComponent(secret)}@`);
    // Given in the URL on one till and typed beside it on the other: held for the session either way.
    const sa = await a.call('sync.setHub', { url: `  ${withPassword}  ` });
    expect(sa).toMatchObject({ via: 'hub', hub: { url, role, passwordHeld: true } });
    expect(JSON.stringify(sa)).not.toContain(encodeURIComponent(secret));
    const sb = await b.call('sync.setHub', { url, password: secret });
    expect(sb.hub).toMatchObject({ url, passwordHeld: true, port: new URL(url).port });

    const first = await a.call('sync.run', {});
    expect(first.last).toMatchObject({ via: 'hub', failed: null, hubProblem: null, refused: [] });
    expect(first.last!.exported).toMatchObject({ seq: 1 });
    const second = await b.call('sync.run', {});
    expect(second.last!.applied).toEqual([expect.objectContaining({ seq: 1, customers: 1, tag: first.tag })]);
    const third = await a.call('sync.run', {});
    expect(third.last!.applied).toEqual([expect.objectContaining({ tag: second.tag, customers: 1 })]);
    expect((await b.call('customers.get', { id: y.id })).customer.fullName).toBe('Trần Văn Bình');
    expect((await b.call('customers.get', { id: x.id })).customer.fullName).toBe('Nguyễn Thị Ánh');
    expect((await a.call('customers.search', { query: '王芳' })).total).toBe(1);
    expect(third.peers).toEqual([expect.objectContaining({ tag: second.tag, lastFeed: 1 })]);

    // The hub holds the two feeds; the shop files, their WAL and the audit log hold no password.
    const feeds = await admin(
      (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM regulars_feeds'),
      url.replace(role, 'regulars'),
    );
    expect(feeds.rows[0]!.n).toBe(2);
    for (const t of [a, b]) {
      const stored = await t.backend.ctx.db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', 'in', ['syncHub', 'syncVia'])
        .execute();
      expect(Object.fromEntries(stored.map((r) => [r.key, JSON.parse(r.value)]))).toEqual({ syncHub: url, syncVia: 'hub' });
      const audit = await t.backend.ctx.db.selectFrom('audit_log').select('detail').execute();
      expect(JSON.stringify(audit)).not.toContain('khẩu');
      await t.backend.close();
      for (const s of [secret, encodeURIComponent(secret), 'khẩu', Buffer.from('khẩu').toString('latin1')])
        expect(shopBytes(t.dir)).not.toContain(s);
    }

    // The app restarted: the address is kept, the password is not; Sync now says a password is needed.
    const again = await openShop({ dir: a.dir });
    const status = await again.call('sync.status', {});
    expect(status).toMatchObject({ via: 'hub', hub: { url, passwordHeld: false } });
    const saved = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      const r = await again.call('sync.run', {});
      expect(r.last).toMatchObject({ via: 'hub', hubProblem: { kind: 'noPassword', role, host: '127.0.0.1' } });
      expect(r.last!.failed).toMatch(/asks role .* for a password/);
      // $PGPASSWORD on this computer works as well (the chain's IT person may set it, or ~/.pgpass, once).
      process.env.PGPASSWORD = secret;
      expect((await again.call('sync.run', {})).last).toMatchObject({ failed: null, hubProblem: null });
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
  });

  it('says what is wrong with the hub as one kind the page translates, never with the password', async () => {
    const { a } = await twoTills();
    const port = new URL(server.url).port;
    const hub = await freshHub();
    const run = async (url: string, password?: string) => {
      await a.call('sync.setHub', { url, password });
      const r = await a.call('sync.run', {});
      expect(r.last!.exported).toBeNull();
      expect(JSON.stringify(r)).not.toContain('Sai-mật');
      expect(JSON.stringify(r)).not.toContain(encodeURIComponent('Sai-mật'));
      return r.last!;
    };
    const wrong = 'Sai-mật-khẩu-42';
    const down = await closedPort();
    expect(await run(`postgres://${role}@127.0.0.1:${down}/hub`, wrong)).toMatchObject({
      hubProblem: { kind: 'unreachable', host: '127.0.0.1', port: String(down) },
      failed: expect.stringMatching(/Cannot reach the hub .*Nothing was sent or applied/),
    });
    expect((await run(hub, wrong)).hubProblem).toMatchObject({ kind: 'auth', role });
    expect((await run(`postgres://${role}@127.0.0.1:${port}/no_such_db`, secret)).hubProblem).toMatchObject({
      kind: 'noDatabase',
      database: 'no_such_db',
    });
    // A database another role owns: the branch may not create the hub's tables there.
    const theirs = (await freshHub()).replace(/\/[^/]+$/, '/postgres');
    expect((await run(theirs, secret)).hubProblem).toMatchObject({ kind: 'permission' });
    expect((await run(`${hub}?sslmode=require`, secret)).hubProblem).toMatchObject({ kind: 'tls' });
    // Set up by a newer version: nothing sent, update this till.
    await (await HubStore.open(hub.replace(`${role}@`, `${role}:${encodeURIComponent(secret)}@`))).close();
    await admin((c) => c.query('INSERT INTO regulars_hub_migrations (version) VALUES (99)'), hub.replace(role, 'regulars'));
    expect(await run(hub, secret)).toMatchObject({ hubProblem: { kind: 'newerHub', detail: '99' } });
    const feeds = await admin(
      (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM regulars_feeds'),
      hub.replace(role, 'regulars'),
    );
    expect(feeds.rows[0]!.n).toBe(0);
  });

  it('refuses an address that is not PostgreSQL’s, needs one before Sync now, and goes back to the folder', async () => {
    const { a } = await twoTills();
    expect(await a.fail('sync.setHub', { url: 'mysql://root:pw@db/shop' })).toMatchObject({ code: 'SYNC_HUB_URL', field: 'url' });
    expect(await a.fail('sync.setHub', { url: 'Sai-mật not a url' })).toMatchObject({ code: 'SYNC_HUB_URL', field: 'url' });
    expect(await a.fail('sync.setHub', { url: 42 })).toMatchObject({ code: 'VALIDATION', field: 'url' });
    expect(await a.fail('sync.setHub', { url: 'postgres://h/db', password: 'x'.repeat(1001) })).toMatchObject({
      code: 'VALIDATION',
      field: 'password',
    });
    expect(await a.fail('sync.setVia', { via: 'usb' })).toMatchObject({ code: 'VALIDATION', field: 'via' });
    // Nothing half-written.
    expect(await a.call('sync.status', {})).toMatchObject({ via: 'folder', hub: null });
    await a.call('sync.setVia', { via: 'hub' });
    expect(await a.fail('sync.run', {})).toMatchObject({ code: 'SYNC_NO_HUB', field: 'url' });
    const hub = await freshHub();
    await a.call('sync.setHub', { url: hub, password: secret });
    expect((await a.call('sync.run', {})).last).toMatchObject({ via: 'hub', failed: null });
    // Back to the folder: the hub's address stays for later, Sync now needs the folder.
    expect(await a.call('sync.setVia', { via: 'folder' })).toMatchObject({ via: 'folder', hub: { url: hub } });
    expect(await a.fail('sync.run', {})).toMatchObject({ code: 'SYNC_NO_FOLDER' });
    const folder = tempDir('regulars-syncnow-');
    await a.call('sync.setFolder', { folder });
    expect((await a.call('sync.run', {})).last).toMatchObject({ via: 'folder', failed: null, hubProblem: null });
    // Clearing the hub forgets its address and its password, and Sync now uses the folder.
    expect(await a.call('sync.setHub', { url: null })).toMatchObject({ via: 'folder', hub: null });
  });

  it('leaves the hub to the owner; anyone signed in may press Sync now', async () => {
    const { a } = await twoTills();
    await a.call('staff.setupOwner', { name: 'Lan', pin: '1234' });
    await a.call('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
    const hub = await freshHub();
    const owner = newSession();
    const till = newSession();
    const ctx = a.backend.ctx;
    expect(await dispatch(ctx, 'staff.signIn', { pin: '1234' }, owner)).toMatchObject({ ok: true });
    expect(await dispatch(ctx, 'staff.signIn', { pin: '5555' }, till)).toMatchObject({ ok: true });
    expect(await dispatch(ctx, 'sync.setHub', { url: hub, password: secret }, till)).toMatchObject({
      ok: false,
      error: { code: 'OWNER_ONLY' },
    });
    expect(await dispatch(ctx, 'sync.setVia', { via: 'hub' }, till)).toMatchObject({ ok: false, error: { code: 'OWNER_ONLY' } });
    expect(await dispatch(ctx, 'sync.setHub', { url: hub, password: secret }, owner)).toMatchObject({ ok: true });
    expect(await dispatch(ctx, 'sync.run', {}, till)).toMatchObject({ ok: true, value: { last: { via: 'hub', failed: null } } });
  });
});
