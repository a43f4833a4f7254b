/**
 * How long one applied feed holds the counter (issue 18): `tsx bench/splitMeasure.ts [customers] [purchases] [entries a piece]`.
 * Till A gets 1,000 customers and 20,000 purchases (each with its earn ledger row) after a copy of it
 * became till B; A's first feed then carries all of it. B syncs it once as pieces (sync/split.ts) and,
 * on a twin of the same two files, once as a single feed, with a purchase rung up at B's counter every
 * 10 ms alongside: each apply's time and the longest a purchase waited are printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openBackend, type Backend } from '../src/main/backend';
import { DB_FILE_NAME } from '../src/main/db/open';
import { INSTALL_MARKER, placeOf } from '../src/main/db/install';
import { applyFeed } from '../src/main/sync/apply';
import { FolderStore, SYNC_DIR } from '../src/main/sync/folderStore';
import { PIECE_LIMITS, type PieceLimits } from '../src/main/sync/split';
import { syncWith } from '../src/main/sync/sync';
import { withCounterProbe } from './lib/probe';
import { call } from './figures/samples';

const [customers = 1_000, purchases = 20_000, pieceEntries = PIECE_LIMITS.entries] = process.argv.slice(2).map(Number);

/** A till's files copied as the SAME install in another folder (bench/figures/sync.ts does the same). */
function twin(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const n of [DB_FILE_NAME, INSTALL_MARKER]) fs.copyFileSync(path.join(from, n), path.join(to, n));
  const db = new Database(path.join(to, DB_FILE_NAME));
  db.prepare('UPDATE installs SET bound_to = ? WHERE current = 1').run(placeOf(to));
  db.close();
}

async function round(label: string, aDir: string, bDir: string, limits: PieceLimits): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'split-folder-'));
  const a = await openBackend(aDir);
  const t0 = performance.now();
  const sent = await syncWith(a.ctx.db, new FolderStore(folder), a.ctx.now, { limits });
  const exportMs = performance.now() - t0;
  await a.close();
  const bTimed = `${bDir}-timed`;
  twin(bDir, bTimed);

  // Each feed's apply alone, as the sync runs it.
  const t1 = await openBackend(bTimed);
  const self = t1.database.install.id;
  const applies: number[] = [];
  const got = await new FolderStore(folder).fetch(self, new Map());
  for (const feed of got.feeds) {
    const t = performance.now();
    await applyFeed(t1.ctx.db, feed, Date.now());
    applies.push(performance.now() - t);
  }
  await t1.close();

  // The real sync, with a purchase rung up every 10 ms alongside.
  const b: Backend = await openBackend(bDir);
  const walkIn = await call(b, 'customers.create', { fullName: 'Khách quầy' });
  let report!: Awaited<ReturnType<typeof syncWith>>;
  const { ms: total, waits } = await withCounterProbe(
    async () => (report = await syncWith(b.ctx.db, new FolderStore(folder), b.ctx.now, { limits })),
    () => call(b, 'sales.record', { customerId: walkIn.id, amount: 50_000 }),
    10,
  );
  await b.close();
  const sizes = fs
    .readdirSync(path.join(folder, SYNC_DIR))
    .flatMap((d) => fs.readdirSync(path.join(folder, SYNC_DIR, d)).map((f) => fs.statSync(path.join(folder, SYNC_DIR, d, f)).size));
  const sorted = [...waits].sort((x, y) => x - y);
  console.log(
    JSON.stringify({
      label,
      feeds: sent.exported.feeds,
      export_ms: Math.round(exportMs),
      feed_mb_max: Math.round((Math.max(...sizes) / 1_048_576) * 10) / 10,
      applied: report.applied.length,
      apply_ms_each: applies.map(Math.round),
      sync_ms: Math.round(total),
      purchases_rung: waits.length,
      purchase_wait_max_ms: Math.round(sorted.at(-1) ?? 0),
      purchase_wait_p50_ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      load: os.loadavg()[0]!.toFixed(1),
    }),
  );
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'split-measure-'));
  const [aDir, bDir, a2, b2] = ['a', 'b', 'a2', 'b2'].map((d) => path.join(root, d)) as [string, string, string, string];
  let a = await openBackend(aDir);
  await call(a, 'customers.create', { fullName: 'Khách đầu tiên' });
  await a.close();
  fs.mkdirSync(bDir);
  fs.copyFileSync(path.join(aDir, DB_FILE_NAME), path.join(bDir, DB_FILE_NAME));
  a = await openBackend(aDir);
  const ids: string[] = [];
  for (let i = 0; i < customers; i++) ids.push((await call(a, 'customers.create', { fullName: `Khách ${i}`, area: 'Quận 1' })).id);
  for (let i = 0; i < purchases; i++)
    await call(a, 'sales.record', { customerId: ids[i % customers]!, amount: 20_000 + (i % 90) * 10_000 });
  await a.close();
  const b = await openBackend(bDir); // binds B as its own install before it is twinned
  await b.close();
  twin(aDir, a2);
  twin(bDir, b2);
  await round(`pieces of ${pieceEntries}`, aDir, bDir, { ...PIECE_LIMITS, entries: pieceEntries });
  await round('one feed', a2, b2, { entries: Number.MAX_SAFE_INTEGER, bytes: Number.MAX_SAFE_INTEGER });
}

void main();
