/**
 * Where a points-expiry run goes (issue 16): `tsx bench/expiryMeasure.ts <cached shop dir> [--no-ckpt] [--probe]`.
 * Copies the benchmark's shop, makes a year of lots due as bench/figures/points.ts does, and runs
 * `expirePoints` with every statement and every transaction timed, the WAL's growth per commit
 * (with --no-ckpt no checkpoint runs, so the WAL only grows: its growth is the pages written) and
 * the time between chunks. --probe rings a purchase up every 10 ms alongside, like the benchmark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openBackend } from '../src/main/backend';
import { expirePoints } from '../src/main/services/points/expiry';
import { dueInAYear } from './figures/points';
import { call } from './figures/samples';

const [src] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const noCkpt = process.argv.includes('--no-ckpt');
const probe = process.argv.includes('--probe');
if (!src) throw new Error('usage: tsx bench/expiryMeasure.ts <shop dir> [--no-ckpt] [--probe]');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expiry-measure-'));
  fs.copyFileSync(path.join(src!, 'regulars.sqlite'), path.join(dir, 'regulars.sqlite'));
  // --no-ckpt: no periodic checkpoint either (open.ts's interval), so the WAL only grows.
  const realSetInterval = globalThis.setInterval;
  if (noCkpt)
    (globalThis as { setInterval: unknown }).setInterval = (f: () => void, ms: number) => realSetInterval(ms === 2000 ? () => {} : f, ms);
  const b = await openBackend(dir);
  globalThis.setInterval = realSetInterval;
  try {
    const sqlite = b.ctx.sqlite!;
    const { shopName, currency, locale, timeZone, country, pointsRule } = await call(b, 'settings.get', {});
    await call(b, 'settings.update', { shopName, currency, locale, timeZone, country, pointsRule, pointsExpiryMonths: 12 });
    const now = b.ctx.now();
    const monthsAgo = (m: number): number => {
      const d = new Date(now);
      d.setUTCMonth(d.getUTCMonth() - m);
      return d.getTime();
    };
    dueInAYear(sqlite, monthsAgo(24), monthsAgo(12));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    if (noCkpt) sqlite.pragma('wal_autocheckpoint = 0');
    const wal = path.join(dir, 'regulars.sqlite-wal');
    const walSize = (): number => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);

    // The timed checkpoint (open.ts, every 2 s on this thread) runs between chunks: time it.
    let ckptMs = 0;
    let ckpts = 0;
    const origPragma = sqlite.pragma.bind(sqlite);
    (sqlite as { pragma: unknown }).pragma = (source: string, options?: BetterSqlite3.PragmaOptions) => {
      const t = performance.now();
      try {
        return origPragma(source, options);
      } finally {
        if (source.startsWith('wal_checkpoint') && !source.includes('NOOP')) {
          ckpts++;
          ckptMs += performance.now() - t;
        }
      }
    };
    const stmt = new Map<string, { n: number; ms: number }>();
    const add = (k: string, ms: number): void => {
      const e = stmt.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += ms;
      stmt.set(k, e);
    };
    const origPrepare = sqlite.prepare.bind(sqlite);
    let inTx = 0;
    (sqlite as { prepare: unknown }).prepare = (text: string) => {
      const st = origPrepare(text) as BetterSqlite3.Statement;
      const label = text.replace(/\s+/g, ' ').slice(0, 70);
      for (const m of ['run', 'get', 'all'] as const) {
        const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
        (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
          const t = performance.now();
          try {
            return f(...a);
          } finally {
            if (inTx) add(label, performance.now() - t);
          }
        };
      }
      return st;
    };
    const txs: { ms: number; stmts: number; wal: number; gapBefore: number }[] = [];
    let lastEnd = 0;
    const commits: number[] = [];
    const origTx = sqlite.transaction.bind(sqlite);
    (sqlite as { transaction: unknown }).transaction = (fn: (...a: unknown[]) => unknown) => {
      void origTx;
      return {
        immediate: (...a: unknown[]) => {
          const before = [...stmt.values()].reduce((x, e) => x + e.ms, 0);
          const w0 = walSize();
          const t0 = performance.now();
          inTx++;
          let tc = 0;
          try {
            sqlite.exec('BEGIN IMMEDIATE');
            const r = fn(...a);
            tc = performance.now();
            sqlite.exec('COMMIT');
            return r;
          } catch (e) {
            if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
            throw e;
          } finally {
            inTx--;
            const t1 = performance.now();
            commits.push(t1 - tc);
            const after = [...stmt.values()].reduce((x, e) => x + e.ms, 0);
            txs.push({ ms: t1 - t0, stmts: after - before, wal: walSize() - w0, gapBefore: lastEnd ? t0 - lastEnd : 0 });
            lastEnd = t1;
          }
        },
      };
    };
    for (const q of [`EXPLAIN QUERY PLAN SELECT lot_id FROM point_lots WHERE customer_id > 0 AND customer_id <= 500 AND expiry_key <= 0`])
      console.log(q, origPrepare(q).all());

    const waits: number[] = [];
    let running = true;
    const probing = probe
      ? (async () => {
          const visitors = sqlite.prepare('SELECT gid FROM customers ORDER BY id LIMIT 2000').all() as { gid: Buffer }[];
          const { gidText } = await import('../src/shared/gid');
          for (let i = 0; running; i++) {
            // Timed from when the purchase was due, not from when its timer got to run: a purchase
            // due while a chunk runs waits for the chunk (the benchmark's probe starts its clock after).
            const due = performance.now() + (i === 0 ? 0 : 10);
            await new Promise((r) => (i === 0 ? setImmediate(r) : setTimeout(r, 10)));
            if (!running) break;
            const t = due;
            await call(b, 'sales.record', { customerId: gidText(visitors[(i * 37) % visitors.length]!.gid), amount: 45_000 });
            waits.push(performance.now() - t);
          }
        })()
      : Promise.resolve();
    const t = performance.now();
    const r = await expirePoints(b.ctx);
    const ms = performance.now() - t;
    running = false;
    await probing;
    const sum = (f: (x: (typeof txs)[number]) => number): number => txs.reduce((a, x) => a + f(x), 0);
    const sorted = txs.map((x) => x.ms).sort((a, z) => a - z);
    console.log(
      JSON.stringify({
        noCkpt,
        probe,
        lots: r.lots,
        points: r.points,
        run_ms: Math.round(ms),
        chunks: txs.length,
        tx_ms: Math.round(sum((x) => x.ms)),
        stmt_ms: Math.round(sum((x) => x.stmts)),
        commit_ms: Math.round(commits.reduce((a, x) => a + x, 0)),
        commit_and_rest_ms: Math.round(sum((x) => x.ms - x.stmts)),
        gaps_ms: Math.round(sum((x) => x.gapBefore)),
        timed_checkpoints: ckpts,
        timed_checkpoint_ms: Math.round(ckptMs),
        tx_p50: sorted[Math.floor(sorted.length / 2)]?.toFixed(1),
        tx_p99: sorted[Math.floor(sorted.length * 0.99)]?.toFixed(1),
        tx_max: sorted.at(-1)?.toFixed(1),
        wal_mb: (sum((x) => x.wal) / 1e6).toFixed(1),
        // With --no-ckpt the WAL only grows: its growth is the pages the run wrote.
        pages_per_lot: (sum((x) => x.wal) / 4096 / Math.max(r.lots, 1)).toFixed(2),
        sales: waits.length,
        wait_p99: waits.sort((a, z) => a - z)[Math.floor(waits.length * 0.99)]?.toFixed(1),
        load: os.loadavg()[0]!.toFixed(2),
      }),
    );
    // The slowest chunks: which of the run (the first, cold, or one a checkpoint landed in) and where their time went.
    const slowest = txs
      .map((x, i) => ({
        i,
        ms: +x.ms.toFixed(1),
        stmts: +x.stmts.toFixed(1),
        commit: +commits[i]!.toFixed(1),
        wal_kb: Math.round(x.wal / 1024),
      }))
      .sort((a, z) => z.ms - a.ms)
      .slice(0, 5);
    console.log('slowest chunks', JSON.stringify(slowest));
    for (const [k, e] of [...stmt].sort((a, z) => z[1].ms - a[1].ms).slice(0, 12))
      console.log(`${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(6)}× ${k}`);
  } finally {
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
