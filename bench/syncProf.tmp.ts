import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { openBackend, type Backend } from '../src/main/backend';
import { DB_FILE_NAME } from '../src/main/db/open';
import { exportChanges } from '../src/main/sync/export';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';
import { BENCH_SHOP_SETTINGS } from './lib/generate';
import { call } from './figures/samples';

import BetterSqlite3 from 'better-sqlite3';
const times = new Map<string, [number, number]>();
let timing = false;
function wrapStatements(db: BetterSqlite3.Database) {
  const st = db.prepare('SELECT 1');
  const proto = Object.getPrototypeOf(st);
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const orig = proto[m];
    if (orig.__wrapped) continue;
    const w = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      if (!timing) return orig.apply(this, args);
      const t = performance.now();
      const r = orig.apply(this, args);
      const k = m + ' ' + this.source.replace(/\s+/g, ' ').slice(0, 160);
      const e = times.get(k) ?? [0, 0];
      e[0] += performance.now() - t; e[1]++;
      times.set(k, e);
      return r;
    };
    (w as any).__wrapped = true;
    proto[m] = w;
  }
}
async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'syncprof-'));
  const [aDir, bDir, folder] = ['a', 'b', 'folder'].map((d) => path.join(root, d)) as [string, string, string];
  let a: Backend = await openBackend(aDir);
  await call(a, 'settings.update', BENCH_SHOP_SETTINGS);
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) ids.push((await call(a, 'customers.create', { fullName: `Khách ${i}`, area: 'Quận 1' })).id);
  await a.close();
  fs.mkdirSync(bDir);
  fs.copyFileSync(path.join(aDir, DB_FILE_NAME), path.join(bDir, DB_FILE_NAME));
  a = await openBackend(aDir);
  const b: Backend = await openBackend(bDir);
  for (const t of [a, b, a]) await syncWith(t.ctx.db, new FolderStore(folder), t.ctx.now);
  for (let i = 0; i < 10000; i++) await call(a, 'sales.record', { customerId: ids[(i * 7919) % 1000]!, amount: (20 + (i % 880)) * 1000 });
  for (let i = 0; i < 1000; i++) await call(a, 'customers.update', { id: ids[i]!, data: { fullName: `Khách ${i} (sửa)`, area: 'Quận 3' } });
  let t = performance.now();
  const sent = await exportChanges(a.ctx.db, new FolderStore(folder));
  console.log('export', performance.now() - t, sent.feeds);
  wrapStatements((b as any).ctx.sqlite);
  timing = true;
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  t = performance.now();
  await syncWith(b.ctx.db, new FolderStore(folder), b.ctx.now);
  console.log('import', performance.now() - t);
  timing = false;
  for (const [k, [ms, n]] of [...times].sort((x, y) => y[1][0] - x[1][0]).slice(0, 25)) console.log(ms.toFixed(1), n, k);
  const { profile } = await s.post('Profiler.stop');
  fs.writeFileSync('/tmp/syncprof/import.cpuprofile', JSON.stringify(profile));
  for (const f of fs.readdirSync(path.join(folder, 'regulars-sync', a.database.install.id))) console.log(f, fs.statSync(path.join(folder, 'regulars-sync', a.database.install.id, f)).size);
  await a.close();
  await b.close();
}
void main();
