/**
 * The daily backup while the app (or `serve`) runs: at start when the newest daily copy is a day
 * old or more (or there is none), then checked hourly. The copy runs in a worker, so the counter
 * is not held up; a failure is logged and tried again at the next check.
 */
import type { Ctx } from '../context';
import { dataBackupsDir, listFolder } from './files';
import { takeBackup } from './take';

export const DAILY_EVERY_MS = 86_400_000;
export const CHECK_EVERY_MS = 3_600_000;

/** Whether a daily copy is due at `now`. */
export function dailyDue(ctx: Ctx, now: Date): boolean {
  const newest = listFolder(dataBackupsDir(ctx.dataDir), 'data').find((e) => e.kind === 'daily');
  return !newest || now.getTime() - new Date(newest.takenAt).getTime() >= DAILY_EVERY_MS;
}

export interface DailySchedule {
  /** The check under way, if any (close() waits for it: the worker reads the file). */
  running(): Promise<void>;
  stop(): void;
}

export function scheduleDailyBackups(ctx: Ctx, delayMs = 5_000): DailySchedule {
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const check = (): void => {
    if (stopped) return;
    current = current.then(async () => {
      if (stopped || !dailyDue(ctx, ctx.now())) return;
      try {
        const r = await takeBackup(ctx, 'daily');
        if (r.mirror && !r.mirror.ok) console.warn(`[regulars] the daily backup was not copied to the second folder: ${r.mirror.error}`);
      } catch (e) {
        console.warn('[regulars] the daily backup failed:', e instanceof Error ? e.message : e);
      }
    });
  };
  const first = setTimeout(check, delayMs);
  first.unref();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return {
    running: () => current,
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
