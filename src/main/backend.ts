/** Opens the shop's data and builds the service context; shared by Electron, the CLI and tests. */
import { openDatabase, type Db, type OpenOptions } from './db/open';
import type { Ctx } from './services/context';
import { pruneIdempotencyKeys } from './services/idempotency';
import { expirePoints, type ExpiryReport } from './services/points/expiry';
import { dashboard } from './services/reports';
import { computeRfm, todayIn } from './services/rfm';
import { getSettings } from './services/settings';
import { flushAudit } from './services/staff';

export interface Backend {
  ctx: Ctx;
  database: Db;
  close(): Promise<void>;
  /** The start-up run of points expiry (it does not hold up the opening; tests await it). */
  expiry: Promise<ExpiryReport | null>;
}

export async function openBackend(dataDir: string, options: OpenOptions & { now?: () => Date } = {}): Promise<Backend> {
  const database = await openDatabase(dataDir, options);
  const ctx: Ctx = { db: database.db, sqlite: database.sqlite, now: options.now ?? (() => new Date()), dataDir };
  const prune = (): Promise<void> =>
    pruneIdempotencyKeys(ctx).then(
      () => undefined,
      (e: unknown) => console.warn('[regulars] pruning old request keys failed:', e instanceof Error ? e.message : e),
    );
  await prune();
  // The app runs for weeks at a time; old keys go hourly, not only at start-up.
  const pruner = setInterval(() => void prune(), 3_600_000);
  pruner.unref();
  // Points expiry at start and then daily, in chunks between which the counter's calls get in.
  let expiry: Promise<ExpiryReport | null> = Promise.resolve(null);
  const expire = (): Promise<ExpiryReport | null> =>
    (expiry = expiry
      .then(
        () => expirePoints(ctx),
        () => expirePoints(ctx),
      )
      .catch((e: unknown) => {
        console.warn('[regulars] points expiry failed:', e instanceof Error ? e.message : e);
        return null;
      }));
  const first = expire();
  const expirer = setInterval(() => void expire(), 86_400_000);
  expirer.unref();
  return {
    ctx,
    database,
    expiry: first,
    close: async () => {
      clearInterval(pruner);
      clearInterval(expirer);
      // A run under way finishes first: its next chunk would find the file closed.
      await expiry;
      // Audit rows still queued for the call that just answered (services/staff/audit.ts).
      try {
        flushAudit(ctx);
      } catch (e) {
        console.error('[regulars] the last audit rows could not be written', e);
      }
      return database.close();
    },
  };
}

/**
 * For the app and browser mode: shortly after start, derive what the analysis screens read first
 * (the customer stats snapshot, today's RFM, the dashboard's opening view: this month by day), in
 * chunks that let the counter's calls in, so the first look at the dashboard does not pay for
 * reading every customer. Later looks recount only what changed (derived.ts). Failures only cost speed.
 */
export function warmAnalysis(ctx: Ctx, delayMs = 1_500): void {
  const timer = setTimeout(() => {
    void (async () => {
      const { timeZone } = await getSettings(ctx.db);
      const today = todayIn(ctx.now(), timeZone);
      await computeRfm(ctx.db, timeZone, { asOf: today, windowFrom: null });
      await dashboard(ctx, { from: `${today.slice(0, 8)}01`, to: today, granularity: 'day', top: 10 });
    })().catch((e: unknown) => console.warn('[regulars] warming the analysis caches failed:', e instanceof Error ? e.message : e));
  }, delayMs);
  timer.unref();
}
