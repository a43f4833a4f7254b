/**
 * The fuzz run of issue 19: inputs from `inputs.ts` sent one at a time to every contract method
 * through the real HTTP transport (a socket, the token, JSON bodies), against a small real shop.
 * A failure is a 5xx, no answer within 10 s, an answer that is not the `{ ok, … }` envelope, or a
 * refused call after which the data differs: a digest of every table (FTS shadow tables included)
 * is compared before and after each refused call that wrote anything on the connection
 * (total_changes), and every tenth refused call regardless.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../src/main/api/dispatch';
import { openBackend, type Backend } from '../../src/main/backend';
import { createHttpServer, listen } from '../../src/main/transport/http';
import { contract, type Method } from '../../src/shared/contract';
import { createRng, type Rng } from '../lib/prng';
import { garbageBody, mutate, nastyValue, sample, type Known } from './inputs';

export interface FuzzOptions {
  inputs: number;
  seed: number;
  log?: (line: string) => void;
  /** Only these methods (a regression test narrows the run); default every method. */
  methods?: Method[];
}

export interface FuzzFailure {
  method: string;
  body: string;
  reason: string;
}

export interface FuzzResult {
  fuzz_inputs: number;
  fuzz_failures: number;
  fuzz_methods: number;
  /** Calls that succeeded (the plausible inputs that got through). */
  fuzz_accepted: number;
  failures: FuzzFailure[];
}

const TOKEN = 'trust-fuzz-token';
const CALL_TIMEOUT_MS = 10_000;

/** Every row of every table, hashed: what a refused call must leave as it was. */
export function shopDigest(backend: Backend): string {
  const sqlite = backend.database.sqlite;
  const hash = crypto.createHash('sha256');
  const tables = sqlite
    // The audit log records calls (a failed PIN among them) and is written just after each call
    // answers: it is not the shop's data a refused call must leave alone.
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const t of tables) {
    hash.update(`\u0000${t}\n`);
    let stmt;
    try {
      stmt = sqlite.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).raw(true);
    } catch {
      continue; // a virtual table whose module reads nothing this way
    }
    for (const row of stmt.iterate()) {
      hash.update(
        JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v)),
      );
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

async function seedShop(backend: Backend): Promise<Known> {
  const call = async (method: string, input: unknown): Promise<any> => {
    const r = await dispatch(backend.ctx, method, input);
    if (!r.ok) throw new Error(`fuzz setup: ${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  await call('settings.update', {
    shopName: 'Fuzz shop',
    currency: 'VND',
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    pointsRule: { every: 10_000, points: 1 },
  });
  const known: Known = { customerId: [], cardId: [], cardNumber: [], saleId: [], segmentId: [], id: [], code: [] };
  const names = ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Hoàng', '陳美玲', 'Phạm Quốc Việt'];
  for (const [i, fullName] of names.entries()) {
    const c = await call('customers.create', { fullName, phone: `091234567${i}` });
    known.customerId!.push(c.id);
    known.id!.push(c.id);
    known.code!.push(c.code);
    if (i < 3) {
      const card = await call('cards.issue', { customerId: c.id });
      known.cardId!.push(card.id);
      known.cardNumber!.push(card.number);
    }
    for (let s = 0; s < 2; s++) {
      const r = await call('sales.record', { customerId: c.id, amount: 50_000 * (s + 1) + i * 1000 });
      known.saleId!.push(r.sale.id);
    }
  }
  const seg = await call('segments.save', {
    name: 'Khách quen',
    rule: { kind: 'group', op: 'and', rules: [{ kind: 'visits', period: { kind: 'last', days: 90 }, min: 1 }] },
  }).catch(() => null);
  if (seg?.id) {
    known.segmentId!.push(seg.id);
    known.id!.push(seg.id);
  }
  return known;
}

type Answer = { status: number; json: unknown } | { error: string };

async function send(base: string, method: string, body: string | Uint8Array): Promise<Answer> {
  try {
    const res = await fetch(`${base}/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) as unknown };
    } catch {
      return { status: res.status, json: text };
    }
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

function bodyFor(method: Method, rng: Rng, known: Known): string | Uint8Array {
  try {
    return plannedBody(method, rng, known);
  } catch {
    // JSON.stringify itself gave up (a nesting too deep for the client's stack): send garbage instead.
    return garbageBody(rng);
  }
}

function plannedBody(method: Method, rng: Rng, known: Known): string | Uint8Array {
  const schema = contract[method].input;
  const roll = rng.next();
  if (roll < 0.25) return JSON.stringify(sample(schema, rng, known) ?? {});
  if (roll < 0.8) return JSON.stringify(mutate(sample(schema, rng, known) ?? {}, rng, rng.int(1, 3)) ?? null);
  if (roll < 0.9) return JSON.stringify(nastyValue(rng) ?? null);
  return garbageBody(rng);
}

const excerpt = (b: string | Uint8Array): string =>
  typeof b === 'string'
    ? b.length > 300
      ? `${b.slice(0, 300)}… (${b.length} chars)`
      : b
    : `bytes ${Buffer.from(b).toString('hex').slice(0, 120)}`;

export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const log = opts.log ?? (() => undefined);
  const rng = createRng(opts.seed).fork('fuzz');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-fuzz-'));
  const backend = await openBackend(dir);
  await backend.expiry;
  let server: http.Server | undefined;
  try {
    const known = await seedShop(backend);
    server = createHttpServer({ ctx: backend.ctx, token: TOKEN });
    const base = await listen(server, 0);
    const methods = opts.methods ?? (Object.keys(contract) as Method[]);
    const failures: FuzzFailure[] = [];
    let accepted = 0;
    const sqlite = backend.database.sqlite;
    // Rows written on the server's connection so far, triggers included, rolled-back writes too.
    const totalChanges = (): number => sqlite.prepare('SELECT total_changes() AS n').pluck().get() as number;
    /** The data before the next call; null after a call that may have changed it. */
    let digest: string | null = null;
    for (let i = 0; i < opts.inputs; i++) {
      const method = methods[i % methods.length]!;
      const body = bodyFor(method, rng, known);
      const fail = (reason: string): void => {
        failures.push({ method, body: excerpt(body), reason });
      };
      digest ??= shopDigest(backend);
      const changesBefore = totalChanges();
      const a = await send(base, method, body);
      const env = 'error' in a ? null : (a.json as { ok?: unknown; error?: { code?: unknown } });
      if ('error' in a) fail(`no answer: ${a.error}`);
      else if (a.status >= 500) fail(`HTTP ${a.status} ${JSON.stringify(a.json).slice(0, 200)}`);
      else if (typeof env !== 'object' || env === null || typeof env.ok !== 'boolean')
        fail(`not an API answer: ${String(a.json).slice(0, 200)}`);
      if (env?.ok === true) accepted++;
      if (env?.ok !== false) digest = null;
      else if (totalChanges() !== changesBefore || i % 10 === 0) {
        // A refused call that wrote (and, one would hope, rolled back), and every tenth refused call
        // regardless (a write on another connection would not show in total_changes).
        const after = shopDigest(backend);
        if (after !== digest) fail(`refused (${String(env.error?.code)}) but the data changed`);
        digest = after;
      }
      if ((i + 1) % (opts.inputs >= 5000 ? 2000 : 250) === 0)
        log(`fuzz ${i + 1}/${opts.inputs}: ${failures.length} failures, ${accepted} accepted`);
    }
    return { fuzz_inputs: opts.inputs, fuzz_failures: failures.length, fuzz_methods: methods.length, fuzz_accepted: accepted, failures };
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
