/**
 * The kill run of issue 19: a till sends a stream of purchases, each with its own idempotency key,
 * to `regulars serve` (a real process) and the server is SIGKILLed at a random moment, over and
 * over. After each restart the till first retries every purchase it has no answer for, with the
 * same key. At the end every acknowledged purchase must be in the shop exactly once, no key may be
 * recorded twice, and SQLite's integrity check must pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { createRng } from '../lib/prng';
import { prepareServe, type RunningServer } from './server';

export interface KillOptions {
  cycles: number;
  seed: number;
  /** Purchases in flight at once (a busy till and a tablet). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface KillResult {
  kill_cycles: number;
  /** Purchases the till got an answer for (all of them, by the end). */
  kill_acknowledged: number;
  /** Retries sent after a restart for purchases whose answer the kill swallowed. */
  kill_retries: number;
  /** Acknowledged purchases missing from the shop. */
  kill_lost: number;
  /** Purchases in the shop beyond one per acknowledged key, plus keys stored twice. */
  kill_duplicated: number;
  /** Answers that were neither a sale nor a lost connection (an error code from the server). */
  kill_errors: number;
  kill_integrity_ok: boolean;
}

interface Pending {
  key: string;
  body: string;
}

type Answer = { kind: 'ok'; value: unknown } | { kind: 'error'; status: number; code: string } | { kind: 'lost' };

async function post(base: string, token: string, method: string, body: string): Promise<Answer> {
  try {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
    return json.ok ? { kind: 'ok', value: json.value } : { kind: 'error', status: res.status, code: json.error?.code ?? '?' };
  } catch {
    // Refused, reset or cut mid-answer: the till cannot tell whether the sale was recorded.
    return { kind: 'lost' };
  }
}

async function must(server: RunningServer, token: string, method: string, input: unknown): Promise<unknown> {
  const a = await post(server.base, token, method, JSON.stringify(input));
  if (a.kind !== 'ok') throw new Error(`${method} failed during the kill run's setup: ${JSON.stringify(a)}`);
  return a.value;
}

export async function runKill(opts: KillOptions): Promise<KillResult> {
  const log = opts.log ?? (() => undefined);
  const rng = createRng(opts.seed).fork('kill');
  const concurrency = opts.concurrency ?? 4;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-kill-'));
  const token = `trust-kill-${opts.seed}-token`;
  const kit = prepareServe(dir, token);
  try {
    let server = await kit.start();
    await must(server, token, 'settings.update', {
      shopName: 'Kill run',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 1 },
    });
    const customer = (await must(server, token, 'customers.create', { fullName: 'Nguyễn Thị Bền', idempotencyKey: 'kill-customer-1' })) as {
      id: string;
    };

    const acked = new Map<string, string>(); // key -> sale id
    let pending: Pending[] = [];
    let retries = 0;
    let errors = 0;
    let next = 0;

    const send = async (p: Pending, isRetry: boolean): Promise<void> => {
      if (isRetry) retries++;
      const a = await post(server.base, token, 'sales.record', p.body);
      if (a.kind === 'ok') {
        const saleId = (a.value as { sale: { id: string } }).sale.id;
        const earlier = acked.get(p.key);
        if (earlier !== undefined && earlier !== saleId) errors++; // the same key answered with two sales
        acked.set(p.key, saleId);
        return;
      }
      if (a.kind === 'error') errors++;
      pending.push(p);
    };

    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      if (cycle > 0) server = await kit.start();
      const killAfter = rng.int(5, 250);
      const killed = new Promise<void>((resolve) =>
        setTimeout(() => {
          void server.kill('SIGKILL').then(resolve);
        }, killAfter),
      );
      let alive = true;
      void killed.then(() => (alive = false));
      // The retries go first, in the same stream (the kill may land on them too).
      const queue: { p: Pending; retry: boolean }[] = pending.map((p) => ({ p, retry: true }));
      pending = [];
      const worker = async (): Promise<void> => {
        while (alive) {
          const item = queue.shift() ?? {
            p: {
              key: `kill-${opts.seed}-${next}`,
              body: JSON.stringify({
                customerId: customer.id,
                amount: rng.int(1, 400) * 1000,
                note: `kill ${cycle}`,
                idempotencyKey: `kill-${opts.seed}-${next++}`,
              }),
            },
            retry: false,
          };
          await send(item.p, item.retry);
        }
        // Whatever the kill left unsent stays unanswered: retried after the restart.
        for (const rest of queue.splice(0)) pending.push(rest.p);
      };
      await Promise.all([...Array.from({ length: concurrency }, worker), killed]);
      if ((cycle + 1) % 25 === 0 || cycle + 1 === opts.cycles)
        log(`kill cycle ${cycle + 1}/${opts.cycles}: ${acked.size} acknowledged, ${pending.length} unanswered, ${retries} retries`);
    }

    // The last restart: no kill; retry until every purchase has its answer.
    server = await kit.start();
    for (let round = 0; pending.length > 0 && round < 5; round++) {
      const todo = pending;
      pending = [];
      for (const p of todo) await send(p, true);
    }
    const unanswered = pending.length;
    const inShop: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await must(server, token, 'sales.forCustomer', { customerId: customer.id, limit: 500, offset })) as { id: string }[];
      inShop.push(...page.map((s) => s.id));
      if (page.length < 500) break;
    }
    await server.kill('SIGTERM');

    const present = new Set(inShop);
    const ackedIds = new Set(acked.values());
    const lost = [...ackedIds].filter((id) => !present.has(id)).length;
    const sqlite = new Database(path.join(kit.dataDir, DB_FILE_NAME), { readonly: true });
    let keysTwice: number;
    let integrity: string;
    try {
      keysTwice = (
        sqlite.prepare('SELECT COUNT(*) AS n FROM (SELECT key FROM idempotency_keys GROUP BY key HAVING COUNT(*) > 1)').get() as {
          n: number;
        }
      ).n;
      integrity = (sqlite.pragma('integrity_check', { simple: true }) as string) ?? '';
    } finally {
      sqlite.close();
    }
    // A sale nobody was told about is a second recording of some key; an id listed twice, or a key
    // stored twice, is a duplicate too.
    const unacknowledgedRows = [...present].filter((id) => !ackedIds.has(id)).length;
    const duplicated = unacknowledgedRows + (inShop.length - present.size) + keysTwice;
    return {
      kill_cycles: opts.cycles,
      kill_acknowledged: acked.size,
      kill_retries: retries,
      kill_lost: lost,
      kill_duplicated: duplicated,
      // Two keys answered with one sale, or purchases still unanswered after five retry rounds.
      kill_errors: errors + (acked.size - ackedIds.size) + unanswered,
      kill_integrity_ok: integrity === 'ok',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
