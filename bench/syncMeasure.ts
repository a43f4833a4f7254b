/** Rough figures for the sync slice: a first feed of a small shop (N customers, M purchases) exported, then applied on a copy's peer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../src/main/api/dispatch';
import { openBackend } from '../src/main/backend';
import { DB_FILE_NAME } from '../src/main/db/open';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';

const N = Number(process.argv[2] ?? 1000);
const M = Number(process.argv[3] ?? 5000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-measure-'));
const call = async (ctx: Parameters<typeof dispatch>[0], m: string, input: unknown) => {
  const r = await dispatch(ctx, m as never, input as never);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as { id: string };
};

async function main(): Promise<void> {
  const aDir = path.join(tmp, 'a');
  let a = await openBackend(aDir);
  await call(a.ctx, 'settings.update', {
    shopName: 'M',
    currency: 'VND',
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    pointsRule: { every: 10_000, points: 1 },
  });
  await a.close();
  const bDir = path.join(tmp, 'b');
  fs.mkdirSync(bDir);
  fs.copyFileSync(path.join(aDir, DB_FILE_NAME), path.join(bDir, DB_FILE_NAME));
  a = await openBackend(aDir);
  const ids: string[] = [];
  for (let i = 0; i < N; i++) ids.push((await call(a.ctx, 'customers.create', { fullName: `Khách ${i}` })).id);
  for (let i = 0; i < M; i++) await call(a.ctx, 'sales.record', { customerId: ids[i % N], amount: 50_000 + i });
  const folder = path.join(tmp, 'f');
  let t = performance.now();
  const ra = await syncWith(a.ctx.db, new FolderStore(folder), a.ctx.now);
  const exportMs = performance.now() - t;
  const file = path.join(folder, 'regulars-sync', a.database.install.id, '00000001.feed');
  const b = await openBackend(bDir);
  t = performance.now();
  const rb = await syncWith(b.ctx.db, new FolderStore(folder), b.ctx.now);
  const applyMs = performance.now() - t;
  console.log(
    JSON.stringify({
      customers: N,
      purchases: M,
      exported: ra.exported,
      feedBytes: fs.statSync(file).size,
      exportMs: Math.round(exportMs),
      applied: rb.applied[0],
      applyMs: Math.round(applyMs),
    }),
  );
  await a.close();
  await b.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
void main();
