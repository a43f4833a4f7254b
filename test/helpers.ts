/** Test harness: a real SQLite file in a fresh temp folder, called through the real dispatch. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { openBackend, type Backend } from '../src/main/backend';
import type { Method, MethodInput, MethodOutput } from '../src/shared/contract';
import type { ApiError } from '../src/shared/errors';

const opened: { backend: Backend; dir: string }[] = [];

afterEach(async () => {
  while (opened.length) {
    const o = opened.pop()!;
    await o.backend.close();
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
});

export function tempDir(prefix = 'regulars-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestShop {
  backend: Backend;
  dir: string;
  /** The clock the services see; tests move it. */
  clock: { now: Date };
  call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  fail<M extends Method>(method: M, input: unknown): Promise<ApiError>;
}

export async function openShop(
  opts: { dir?: string; now?: string; settings?: Partial<MethodInput<'settings.update'>> } = {},
): Promise<TestShop> {
  const dir = opts.dir ?? tempDir();
  const clock = { now: new Date(opts.now ?? '2026-11-25T03:00:00Z') };
  const backend = await openBackend(dir, { now: () => clock.now });
  opened.push({ backend, dir });
  const shop: TestShop = {
    backend,
    dir,
    clock,
    async call(method, input) {
      const r = await dispatch(backend.ctx, method, input);
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    async fail(method, input) {
      const r = await dispatch(backend.ctx, method, input);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
  await shop.call('settings.update', {
    shopName: 'Test shop',
    currency: 'VND',
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    pointsRule: { every: 10_000, points: 1 },
    ...opts.settings,
  });
  return shop;
}

export async function count(shop: TestShop, table: 'sales' | 'customers' | 'cards' | 'points_ledger' | 'change_log'): Promise<number> {
  const r = await shop.backend.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
