/** Opens the shop's data and builds the service context; shared by Electron, the CLI and tests. */
import { openDatabase, type Db, type OpenOptions } from './db/open';
import { registerShop } from './services/backups';
import { scheduleDailyBackups } from './services/backups/schedule';
import { sweepRestoreLeftovers } from './services/backups/sweep';
import type { Ctx } from './services/context';
import { pruneIdempotencyKeys } from './services/idempotency';
import { grantBirthdays } from './services/points/bonuses';
import { expirePoints, type ExpiryReport } from './services/points/expiry';
import { dashboard } from './services/reports';
import { computeRfm, todayIn } from './services/rfm';
import { getSettings } from './services/settings';
import { flushAudit } from './services/staff';
import { sweepDeadImports } from './services/importRuns';

/** An import that died (killed, or on a restored backup) leaves nothing: its rows go at the next open. */
async function sweepImports(database: Db, now: Date): Promise<void> {
  try {
    const swept = await sweepDeadImports(database, now);
    if (swept.runs > 0) console.warn(`[regulars] removed ${swept.rows} rows of ${swept.runs} import(s) that did not finish`);
  } catch (e) {
    // Busy (another program writes): the next open tries again; until then sync holds the rows back.
    console.warn('[regulars] an unfinished import could not be removed yet:', e instanceof Error ? e.message : e);
  }
}

export interface Backend {
  ctx: Ctx;
  database: Db;
  close(): Promise<void>;
  /** The start-up run of points expiry (it does not hold up the opening; tests await it). */
  expiry: Promise<ExpiryReport | null>;
}

export interface BackendOptions extends OpenOptions {
  now?: () => Date;
  /** The daily backup while this process runs (the app and `serve`; not the CLI's commands or tests). */
  dailyBackups?: boolean;
}

export async function openBackend(dataDir: string, options: BackendOptions = {}): Promise<Backend> {
  // Before opening: a restore cut short may have left no live file, and opening would make an empty shop.
  const swept = sweepRestoreLeftovers(dataDir, options.nativeBinding);
  if (swept.reinstated || swept.kept.length || swept.removed.length) console.warn('[regulars] a restore cut short was tidied up:', swept);
  let database = await openDatabase(dataDir, options);
  const ctx: Ctx = { db: database.db, sqlite: database.sqlite, now: options.now ?? (() => new Date()), dataDir };
  await sweepImports(database, ctx.now());
  const prune = (): Promise<void> =>
    pruneIdempotencyKeys(ctx).then(
      () => undefined,
      (e: unknown) => console.warn('[regulars] pruning old request keys failed:', e instanceof Error ? e.message : e),
    );
  await prune();
  // The app runs for weeks at a time; old keys go hourly, not only at start-up.
  const pruner = setInterval(() => void prune(), 3_600_000);
  pruner.unref();
  // Points expiry (then birthday bonuses) at start and then daily, in chunks between which the counter's calls get in.
  let expiry: Promise<ExpiryReport | null> = Promise.resolve(null);
  const expire = (): Promise<ExpiryReport | null> =>
    (expiry = expiry
      .then(
        () => expirePoints(ctx),
        () => expirePoints(ctx),
      )
      // Birthdays after expiry, in the same daily turn (bonuses.ts: the last week's birthdays, each paid once).
      .then(async (report) => {
        await grantBirthdays(ctx);
        return report;
      })
      .catch((e: unknown) => {
        console.warn('[regulars] points expiry failed:', e instanceof Error ? e.message : e);
        return null;
      }));
  const first = expire();
  const expirer = setInterval(() => void expire(), 86_400_000);
  expirer.unref();
  const daily = options.dailyBackups ? scheduleDailyBackups(ctx) : null;
  // A restore swaps the file under the same ctx: both transports hold this object, so every later
  // call sees the new connection, and the caches keyed by the old one are dropped with it.
  registerShop(ctx, {
    nativeBinding: options.nativeBinding,
    async reopenAfter(swap) {
      await expiry;
      await database.close();
      const undo = swap();
      let opened: Db;
      try {
        opened = await openDatabase(dataDir, options);
      } catch (e) {
        undo();
        database = await openDatabase(dataDir, options);
        ctx.db = database.db;
        ctx.sqlite = database.sqlite;
        throw e;
      }
      database = opened;
      ctx.db = database.db;
      ctx.sqlite = database.sqlite;
      // A backup taken while an import ran holds its first chunks: they go.
      await sweepImports(database, ctx.now());
    },
  });
  return {
    ctx,
    get database() {
      return database;
    },
    expiry: first,
    close: async () => {
      clearInterval(pruner);
      clearInterval(expirer);
      daily?.stop();
      // A run under way finishes first: its next chunk would find the file closed.
      await expiry;
      await daily?.running();
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
