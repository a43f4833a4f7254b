/**
 * `regulars hub --new-identity` (issue 18): what `sync --new-identity` does, through the chain's
 * PostgreSQL hub. A copy of a till's data in use on two computers is told by the hub command what to
 * run, and runs it; of two tills set up offline with one number, the later one is told to run `hub`
 * again with --new-identity and takes a new number. A real PostgreSQL server (test/pgServer.ts).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main/cli/index';
import { openShop } from './helpers';
import { postgresMissing, startPostgres, type PgServer } from './pgServer';
import { copyOf, digest, twin } from './syncTills';

describe.skipIf(postgresMissing())('the hub command’s --new-identity', () => {
  let server: PgServer;
  let n = 0;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  async function freshHub(): Promise<string> {
    const name = `hubid_${process.pid}_${++n}`;
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return server.url.replace(/\/postgres$/, `/${name}`);
  }

  const lines: string[] = [];
  const out = (s: string): void => void lines.push(s);

  it('a copy of a till’s data is told to run hub with --new-identity, and then syncs', async () => {
    const url = await freshHub();
    const a = await openShop();
    const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh' });
    await a.backend.close();
    expect(await run(['hub', '--data-dir', a.dir, '--postgres', url], out)).toBe(0);
    const copyDir = twin(a.dir);
    for (const [dir, amount] of [
      [copyDir, 11_000],
      [a.dir, 22_000],
    ] as const) {
      const t = await openShop({ dir });
      await t.call('sales.record', { customerId: x.id, amount });
      await t.backend.close();
    }
    lines.length = 0;
    expect(await run(['hub', '--data-dir', copyDir, '--postgres', url], out)).toBe(0);
    expect(await run(['hub', '--data-dir', a.dir, '--postgres', url], out)).toBe(1);
    expect(lines.at(-1)).toMatch(/in the chain's hub was written by another computer using a copy of this till's data/);
    expect(lines.at(-1)).toContain('regulars hub --data-dir <folder> --postgres URL --new-identity');
    lines.length = 0;
    expect(await run(['hub', '--data-dir', a.dir, '--postgres', url, '--new-identity'], out)).toBe(0);
    expect(lines.join('\n')).toMatch(/This till is now till \d+ \(was 1\); 1 purchases and 1 points rows move with it\./);
    expect(await run(['hub', '--data-dir', copyDir, '--postgres', url], out)).toBe(0);
    const [p, q] = [await openShop({ dir: copyDir }), await openShop({ dir: a.dir })];
    expect(q.backend.database.install.id).not.toBe(p.backend.database.install.id);
    expect(await digest(p)).toEqual(await digest(q));
    expect((await digest(p)).sales.map((s) => Number(s.total)).sort()).toEqual([11_000, 22_000]);
  });

  it('two tills with one number: the hub command names it, and the later one takes a new number with hub --new-identity', async () => {
    const url = await freshHub();
    let a = await openShop();
    const x = await a.call('customers.create', { fullName: '陳美玲' });
    const aDir = a.dir;
    const b = await openShop({ dir: await copyOf(a) });
    const c = await openShop({ dir: await copyOf(await openShop({ dir: aDir })) });
    a = await openShop({ dir: aDir });
    expect([b, c].map((t) => t.backend.database.install.tag)).toEqual([2, 2]);
    await b.call('sales.record', { customerId: x.id, amount: 10_000 });
    await c.call('sales.record', { customerId: x.id, amount: 20_000 });
    const dirs = { a: a.dir, b: b.dir, c: c.dir };
    for (const t of [a, b, c]) await t.backend.close();
    for (const k of ['b', 'c', 'a', 'b', 'c'] as const) expect(await run(['hub', '--data-dir', dirs[k], '--postgres', url], out)).toBe(0);

    const told: Record<string, string> = {};
    for (const k of ['b', 'c'] as const) {
      lines.length = 0;
      expect(await run(['hub', '--data-dir', dirs[k], '--postgres', url], out)).toBe(0);
      told[k] = lines.join('\n');
    }
    const later = /run hub again with --new-identity/.test(told.b!) ? 'b' : 'c';
    const earlier = later === 'b' ? 'c' : 'b';
    expect(told[later]).toMatch(/this till was set up later: run hub again with --new-identity\./);
    expect(told[earlier]).toMatch(/it was set up later and must take a new number \(hub --new-identity there\)\./);
    lines.length = 0;
    expect(await run(['hub', '--data-dir', dirs[later], '--postgres', url, '--json'], out)).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ sameTag: [expect.objectContaining({ renewHere: true })] });

    lines.length = 0;
    expect(await run(['hub', '--data-dir', dirs[later], '--postgres', url, '--new-identity'], out)).toBe(0);
    expect(lines.join('\n')).toMatch(/This till is now till 3 \(was 2\)/);
    expect(lines.join('\n')).not.toMatch(/--new-identity/);
    for (const k of ['a', 'b', 'c', 'a', 'b', 'c'] as const)
      expect(await run(['hub', '--data-dir', dirs[k], '--postgres', url], out)).toBe(0);
    const tills = [await openShop({ dir: dirs.a }), await openShop({ dir: dirs.b }), await openShop({ dir: dirs.c })];
    expect(tills.map((t) => t.backend.database.install.tag).sort()).toEqual([1, 2, 3]);
    const d = await digest(tills[0]!);
    for (const t of tills) expect(await digest(t)).toEqual(d);
    for (const t of tills) expect((await t.call('sync.status', {})).sameTag).toEqual([]);
  });
});
