/**
 * How long a large first export holds the counter (issue 18): `tsx bench/exportMeasure.ts [customers] [purchases]`.
 * Till A gets 1,000 customers and 20,000 purchases (each with its earn ledger row); its first sync then
 * exports all of it in pieces (sync/split.ts) while a purchase is rung up at A's own counter every 10 ms:
 * the export's time and how long a purchase waited (from when it was due) are printed. Run on a twin of
 * the same file per round, so every round exports the same first batch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openBackend } from '../src/main/backend';
import { DB_FILE_NAME } from '../src/main/db/open';
import { INSTALL_MARKER, placeOf } from '../src/main/db/install';
import { FolderStore } from '../src/main/sync/folderStore';
import { exportChanges } from '../src/main/sync/export';
import { withCounterProbe } from './lib/probe';
import { call } from './figures/samples';

const [customers = 1_000, purchases = 20_000, rounds = 3] = process.argv.slice(2).map(Number);

function twin(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const n of [DB_FILE_NAME, INSTALL_MARKER]) fs.copyFileSync(path.join(from, n), path.join(to, n));
  const db = new Database(path.join(to, DB_FILE_NAME));
  db.prepare('UPDATE installs SET bound_to = ? WHERE current = 1').run(placeOf(to));
  db.close();
}

async function round(dir: string): Promise<void> {
  const a = await openBackend(dir);
  const walkIn = await call(a, 'customers.create', { fullName: 'Khách quầy' });
  let sent!: Awaited<ReturnType<typeof exportChanges>>;
  const folder = new FolderStore(fs.mkdtempSync(path.join(os.tmpdir(), 'export-folder-')));
  const { ms: exportMs, waits } = await withCounterProbe(
    async () => (sent = await exportChanges(a.ctx.db, folder, Date.now())),
    () => call(a, 'sales.record', { customerId: walkIn.id, amount: 50_000 }),
    10,
  );
  await a.close();
  const sorted = [...waits].sort((x, y) => x - y);
  console.log(
    JSON.stringify({
      feeds: sent.feeds,
      sales: sent.sales,
      export_ms: Math.round(exportMs),
      purchases_rung: waits.length,
      purchase_wait_max_ms: Math.round(sorted.at(-1) ?? 0),
      purchase_wait_p50_ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      purchase_wait_p90_ms: Math.round(sorted[Math.floor(sorted.length * 0.9)] ?? 0),
      load: os.loadavg()[0]!.toFixed(1),
    }),
  );
}

async function main(): Promise<void> {
  const root = process.env.EXPORT_MEASURE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'export-measure-'));
  const base = path.join(root, 'a');
  if (!fs.existsSync(base)) {
    const a = await openBackend(base);
    const ids: string[] = [];
    for (let i = 0; i < customers; i++) ids.push((await call(a, 'customers.create', { fullName: `Khách ${i}`, area: 'Quận 1' })).id);
    for (let i = 0; i < purchases; i++)
      await call(a, 'sales.record', { customerId: ids[i % customers]!, amount: 20_000 + (i % 90) * 10_000 });
    await a.close();
  }
  for (let r = 0; r < rounds; r++) {
    const dir = path.join(root, `round-${process.pid}-${r}`);
    twin(base, dir);
    await round(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
