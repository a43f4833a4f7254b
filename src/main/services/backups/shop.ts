/**
 * What a restore needs from whoever opened the shop (openBackend): the native binding for the
 * worker, and a way to close the file, swap it, and open it again. Kept beside the context rather
 * than in it, keyed by the context object both transports hold: replacing `ctx.db` and
 * `ctx.sqlite` in place is what makes every later call (IPC or HTTP) see the restored file, and
 * the analysis caches, keyed by the connection, start afresh on their own.
 */
import type { Ctx } from '../context';

export interface ShopHandle {
  nativeBinding?: string;
  /**
   * Closes the connection, runs `swap` (which puts another file in place and returns how to undo
   * it), and opens the file again. If the new file will not open (or migrate), the swap is undone
   * and the old file opened again, and the error is thrown.
   */
  reopenAfter(swap: () => () => void): Promise<void>;
}

const handles = new WeakMap<Ctx, ShopHandle>();
const closed = new WeakMap<Ctx, Promise<void>>();

export function registerShop(ctx: Ctx, handle: ShopHandle): void {
  handles.set(ctx, handle);
}

export function shopHandle(ctx: Ctx): ShopHandle | undefined {
  return handles.get(ctx);
}

/** Marks the shop closed while `work` runs: calls arriving meanwhile wait for it (dispatch). */
export function whileClosed<T>(ctx: Ctx, work: () => Promise<T>): Promise<T> {
  const run = work();
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  closed.set(ctx, done);
  void done.then(() => {
    if (closed.get(ctx) === done) closed.delete(ctx);
  });
  return run;
}

/** Resolves when the shop's file is open (at once, unless a restore is swapping it). */
export function shopOpen(ctx: Ctx): Promise<void> | undefined {
  return closed.get(ctx);
}
