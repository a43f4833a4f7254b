/**
 * The WAL checkpointer (db/checkpointer.ts): a worker thread with its own connection copies the WAL
 * back, the app's connection does not checkpoint inside a sale's commit, the WAL stays bounded while
 * the counter sells without pause, and the worker's connection goes with the shop's (close, restore).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { openBackend } from '../src/main/backend';
import {
  checkpointerOf,
  disableCheckpointWorkerForTest,
  FALLBACK_AUTOCHECKPOINT_PAGES,
  HARD_LIMIT_FRAMES,
  startCheckpointer,
  withoutAutoCheckpoint,
} from '../src/main/db/checkpointer';
import { DB_FILE_NAME, openDatabase } from '../src/main/db/open';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  disableCheckpointWorkerForTest(false);
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

const dir = (): string => {
  const d = tempDir('regulars-checkpoint-');
  dirs.push(d);
  return d;
};

const walFrames = (sqlite: { pragma(s: string): unknown }): number => (sqlite.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]!.log;

describe('the WAL checkpointer', () => {
  it('runs in a worker: the app connection does not checkpoint, yet the WAL is copied back and restarts', async () => {
    const d = await openDatabase(dir(), { checkpoint: { everyMs: 20, checkpointFrames: 50 } });
    try {
      expect(checkpointerOf(d.sqlite)?.where).toBe('worker');
      // Only the high-water mark for writes that never pause (checkpointer.ts).
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(HARD_LIMIT_FRAMES);
      const insert = d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
      for (let i = 0; i < 200; i++) insert.run(`k${i}`, 'x'.repeat(2000));
      // This thread only looked at the WAL's length; it starts the worker now that the WAL is long.
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 200; i < 400; i++) insert.run(`k${i}`, 'x'.repeat(2000));
      expect(walFrames(d.sqlite)).toBeGreaterThan(100);
      // The main thread blocked (a long call): no timer of its own runs, the worker copies the WAL meanwhile.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      const seen = (d.sqlite.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
      expect(seen.checkpointed).toBe(seen.log);
      // Every frame was copied by the other connection: this commit starts the WAL from its beginning.
      insert.run('after', 'x');
      expect(walFrames(d.sqlite)).toBeLessThan(10);
    } finally {
      await d.close();
    }
  });

  it('holds the connection’s own checkpoint off while a long run of commits goes (points expiry), and restores it once', async () => {
    // The app connection's threshold made small, the worker's out of reach: 40 commits of ~2 pages each.
    const d = await openDatabase(dir(), { checkpoint: { everyMs: 60_000, checkpointFrames: 100_000, hardLimitFrames: 16 } });
    try {
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16);
      const insert = d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
      const run = (from: number): void => {
        for (let i = from; i < from + 40; i++) insert.run(`k${i}`, 'x'.repeat(3000));
      };
      // Without the hold, a commit past 16 frames copies the WAL back on this thread and the next restarts it.
      run(0);
      expect(walFrames(d.sqlite)).toBeLessThan(40);
      const outer = withoutAutoCheckpoint(d.sqlite, async () => {
        const before = walFrames(d.sqlite);
        await withoutAutoCheckpoint(d.sqlite, async () => run(100));
        // The inner hold ended, the outer still holds.
        expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
        run(200);
        // Every commit added to the WAL: no copy, no restart, within the run.
        expect(walFrames(d.sqlite) - before).toBeGreaterThanOrEqual(80);
      });
      await outer;
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16);
      // A run that fails gives the setting back too.
      await expect(
        withoutAutoCheckpoint(d.sqlite, async () => {
          throw new Error('disk says no');
        }),
      ).rejects.toThrow('disk says no');
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16);
    } finally {
      await d.close();
    }
  });

  it('keeps the WAL bounded while sales come without a pause', async () => {
    const d = dir();
    const backend = await openBackend(d, { checkpoint: { everyMs: 10, checkpointFrames: 100, hardLimitFrames: 300 } });
    const wal = path.join(d, `${DB_FILE_NAME}-wal`);
    let largest = 0;
    try {
      const made = await dispatch(backend.ctx, 'customers.create', { fullName: 'Nguyễn Thị Hoa' });
      if (!made.ok) throw new Error(JSON.stringify(made.error));
      const customerId = (made.value as { id: string }).id;
      for (let i = 0; i < 1500; i++) {
        const r = await dispatch(backend.ctx, 'sales.record', { customerId, amount: 50_000 + i, note: null });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        // No turn of the event loop between sales: no timer on this thread gets to checkpoint.
        if (i % 25 === 0) largest = Math.max(largest, fs.statSync(wal).size);
      }
      // Without the worker the WAL grows by every sale's pages (~40 MB here) until the automatic checkpoint's 80 MB.
      expect(largest).toBeLessThan(12 * 1024 * 1024);
      const count = backend.ctx.sqlite!.prepare('SELECT count(*) FROM sales').pluck().get();
      expect(count).toBe(1500);
    } finally {
      await backend.close();
    }
  }, 120_000);

  it('closes its connection with the shop: the app, closing last, removes the WAL as before', async () => {
    const d = dir();
    const db = await openDatabase(d);
    db.sqlite.prepare(`INSERT INTO settings(key, value) VALUES ('x', 'y')`).run();
    expect(fs.existsSync(`${db.file}-wal`)).toBe(true);
    await db.close();
    // SQLite removes the WAL only when the last connection to the file closes.
    expect(fs.existsSync(`${db.file}-wal`)).toBe(false);
  });

  it('hands the checkpoint to the main thread when the worker cannot open the file', async () => {
    const d = await openDatabase(dir());
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const cp = startCheckpointer(d.sqlite, path.join(dir(), 'missing.sqlite'), { everyMs: 10, checkpointFrames: 8 });
      expect(cp.where).toBe('worker');
      const insert = d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
      for (let i = 0; i < 20; i++) insert.run(`k${i}`, 'x'.repeat(2000));
      for (let i = 0; i < 100 && cp.where === 'worker'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(cp.where).toBe('timer');
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      await cp.close();
    } finally {
      console.warn = warn;
      await d.close();
    }
  });

  it('checkpoints on the main thread, between calls, where a worker cannot load SQLite', async () => {
    disableCheckpointWorkerForTest(true);
    const d = await openDatabase(dir(), { checkpoint: { everyMs: 20, checkpointFrames: 50 } });
    try {
      expect(checkpointerOf(d.sqlite)?.where).toBe('timer');
      expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      const insert = d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
      for (let i = 0; i < 200; i++) insert.run(`k${i}`, 'x'.repeat(2000));
      await new Promise((r) => setTimeout(r, 200));
      insert.run('after', 'x');
      expect(walFrames(d.sqlite)).toBeLessThan(10);
    } finally {
      await d.close();
    }
  });
});
