/**
 * Sync (issue 18, "Speed"): 10,000 changes made on one till, sent as one feed and applied on the
 * other. "10,000 changes" here: 10,000 purchases recorded at the counter (each with the ledger row
 * of the points it earned, so 20,000 rows travel) plus 1,000 profile edits of customers who already
 * synced, on a till that had synced its 1,000 customers before. Two fresh tills of one shop (the
 * second a copy of the first's file, as a second till is made); the working copy of the big shop is
 * not touched.
 *  - sync_export_ms: the till's export of them (read, encode, checksum, the file written and flushed
 *    into a shared folder, the marks moved): `exportChanges`.
 *  - sync_import_ms: the other till's sync that takes them (its own empty export, reading and
 *    checking the files, applying each piece in its own transaction): `syncWith`. The median of
 *    IMPORT_RUNS syncs, each on a fresh twin of the other till with its own copy of the folder: one
 *    sync on this 2-core VM moved by ±20% from run to run. sync_import_first_ms is the first of them,
 *    the process's first apply of purchases, ledger and audit rows (its code not yet compiled hot,
 *    as in a `regulars sync` from the command line); sync_import_slowest_ms the slowest.
 *  - sync_export_cpu_ms, sync_import_cpu_ms: the process's CPU time for the export and for the
 *    median import (user + system, every thread), which a busy machine changes less than the wall
 *    time.
 *  - hub_round_trip_ms: the same two syncs through the chain's hub, a private PostgreSQL server on
 *    127.0.0.1 as the tests run it (test/pgServer.ts), on twins of the two tills taken before either
 *    sync: the first till's sync publishing, then the other's fetching and applying. When no
 *    PostgreSQL can start, it is left out and the reason printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openBackend, type Backend } from '../../src/main/backend';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { INSTALL_MARKER, placeOf } from '../../src/main/db/install';
import { exportChanges } from '../../src/main/sync/export';
import { FolderStore } from '../../src/main/sync/folderStore';
import { HubStore } from '../../src/main/sync/hubStore';
import { syncWith, type SyncReport } from '../../src/main/sync/sync';
import { startPostgres } from '../../test/pgServer';
import { BENCH_SHOP_SETTINGS } from '../lib/generate';
import { call } from './samples';
import type { BenchContext, FigureGroup } from './types';

/** Closes nothing: copies a closed till's folder and binds the copy to its new place as the same install (a twin, not a new till). */
function twin(dir: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  fs.copyFileSync(path.join(dir, DB_FILE_NAME), path.join(into, DB_FILE_NAME));
  fs.copyFileSync(path.join(dir, INSTALL_MARKER), path.join(into, INSTALL_MARKER));
  const db = new Database(path.join(into, DB_FILE_NAME));
  try {
    db.prepare('UPDATE installs SET bound_to = ? WHERE current = 1').run(placeOf(into));
  } finally {
    db.close();
  }
  return into;
}

/** Syncs of the other till timed, each on its own twin: the figure is their median. */
const IMPORT_RUNS = 3;

function checkApplied(r: SyncReport, sales: number): void {
  const got = r.applied.reduce((n, a) => n + a.sales, 0);
  if (got !== sales || r.problems.length > 0) throw new Error(`the other till applied ${got} of ${sales} purchases: ${JSON.stringify(r)}`);
}

export const syncFigures: FigureGroup = {
  name: 'sync',
  async run(ctx: BenchContext) {
    const customers = ctx.quick ? 50 : 1_000;
    const purchases = ctx.quick ? 300 : 10_000;
    const edits = ctx.quick ? 30 : 1_000;
    const root = ctx.scratchDir();
    const [aDir, bDir, folder] = ['a', 'b', 'folder'].map((d) => path.join(root, d)) as [string, string, string];
    const rng = ctx.rng.fork('sync');

    let a: Backend = await openBackend(aDir);
    await call(a, 'settings.update', BENCH_SHOP_SETTINGS);
    const ids: string[] = [];
    for (let i = 0; i < customers; i++) ids.push((await call(a, 'customers.create', { fullName: `Khách ${i}`, area: 'Quận 1' })).id);
    await a.close();
    fs.mkdirSync(bDir);
    fs.copyFileSync(path.join(aDir, DB_FILE_NAME), path.join(bDir, DB_FILE_NAME));
    a = await openBackend(aDir);
    let b: Backend = await openBackend(bDir);
    // Both tills have synced once: what follows is a day's (a busy week's) changes, not a first feed.
    for (const t of [a, b, a]) await syncWith(t.ctx.db, new FolderStore(folder), t.ctx.now);

    for (let i = 0; i < purchases; i++)
      await call(a, 'sales.record', { customerId: ids[rng.int(0, customers - 1)]!, amount: rng.int(20, 900) * 1000 });
    for (let i = 0; i < edits; i++) {
      const id = ids[i % customers]!;
      await call(a, 'customers.update', { id, data: { fullName: `Khách ${i % customers} (sửa ${i})`, area: 'Quận 3' } });
    }

    await a.close();
    await b.close();
    const a2 = twin(aDir, path.join(root, 'a2'));
    const b2 = twin(bDir, path.join(root, 'b2'));
    a = await openBackend(aDir);
    b = await openBackend(bDir);
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const u = process.cpuUsage(since);
      return Math.round((u.user + u.system) / 1000);
    };
    let cpu = process.cpuUsage();
    let t = performance.now();
    const sent = await exportChanges(a.ctx.db, new FolderStore(folder));
    const exportMs = performance.now() - t;
    const exportCpu = cpuMs(cpu);
    if (sent.sales !== purchases) throw new Error(`exported ${sent.sales} of ${purchases} purchases`);
    await b.close();
    const imports: { ms: number; cpu: number }[] = [];
    for (let run = 1; run <= IMPORT_RUNS; run++) {
      const into = twin(bDir, path.join(root, `b-run${run}`));
      const copy = path.join(root, `folder-run${run}`);
      fs.cpSync(folder, copy, { recursive: true });
      const tb = await openBackend(into);
      try {
        cpu = process.cpuUsage();
        t = performance.now();
        checkApplied(await syncWith(tb.ctx.db, new FolderStore(copy), tb.ctx.now), purchases);
        imports.push({ ms: performance.now() - t, cpu: cpuMs(cpu) });
      } finally {
        await tb.close();
      }
      fs.rmSync(into, { recursive: true });
      fs.rmSync(copy, { recursive: true });
    }
    const median = [...imports].sort((x, y) => x.ms - y.ms)[Math.floor(IMPORT_RUNS / 2)]!;
    // The batch may go as several pieces (sync/split.ts): all of them.
    let feedBytes = 0;
    for (let seq = sent.seq! - (sent.feeds ?? 1) + 1; seq <= sent.seq!; seq++)
      feedBytes += fs.statSync(path.join(folder, 'regulars-sync', a.database.install.id, `${String(seq).padStart(8, '0')}.feed`)).size;
    await a.close();

    const figures: Record<string, number> = {
      sync_changes: purchases + edits,
      sync_export_ms: Math.round(exportMs),
      sync_import_ms: Math.round(median.ms),
      sync_import_first_ms: Math.round(imports[0]!.ms),
      sync_import_slowest_ms: Math.round(Math.max(...imports.map((i) => i.ms))),
      // The process's own CPU time for each: on a shared machine the wall time is mostly the wait for a core.
      sync_export_cpu_ms: exportCpu,
      sync_import_cpu_ms: median.cpu,
      sync_feed_mb: Math.round((feedBytes / 1_048_576) * 10) / 10,
    };

    let server: Awaited<ReturnType<typeof startPostgres>>;
    try {
      server = await startPostgres();
    } catch (e) {
      console.error(`hub_round_trip_ms: n/a, no PostgreSQL server could start here (${e instanceof Error ? e.message : String(e)})`);
      return figures;
    }
    try {
      const [ta, tb] = [await openBackend(a2), await openBackend(b2)];
      const [ha, hb] = [await HubStore.open(server.url), await HubStore.open(server.url)];
      try {
        t = performance.now();
        await syncWith(ta.ctx.db, ha, ta.ctx.now);
        checkApplied(await syncWith(tb.ctx.db, hb, tb.ctx.now), purchases);
        figures.hub_round_trip_ms = Math.round(performance.now() - t);
      } finally {
        await ha.close();
        await hb.close();
        await ta.close();
        await tb.close();
      }
    } finally {
      server.stop();
    }
    return figures;
  },
};
