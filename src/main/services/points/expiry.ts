/**
 * Points expiry (issue 16; off until settings.pointsExpiryMonths is set). Each lot whose expiry has
 * come loses exactly what is left of it, never what was spent from it: one 'expire' ledger row per
 * lot, drawing that lot alone (point_draws names it). Runs at start and daily (backend.ts), in
 * short IMMEDIATE transactions with a turn of the event loop between them, so a counter sale never
 * waits behind more than one chunk. A chunk is time-boxed (CHUNK_BUDGET_MS of work, at most CHUNK
 * lots) rather than a fixed count: each commit is an fsync (synchronous=FULL), so at a year of
 * lots (~300k at the benchmark's size) 500-lot chunks spent more time committing than expiring,
 * while a fixed larger count would hold the counter longer on a slow or busy machine. While expiry
 * is off nothing expires (lots keep their dates: turned on again, those already due go at the next run).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { changeLogBatch } from '../../db/changeLog';
import { preparedFirst, preparedInsert } from '../../db/prepared';
import { nextTurn, type Ctx } from '../context';
import { isoOf } from '../keys';
import { readSettingsSync } from '../settings';
import { lotStatements } from './lots';

const CHUNK = 4_000;
/** Work per transaction before it commits and lets the counter in (the counter's bound is 50 ms). */
const CHUNK_BUDGET_MS = 20;
/** How often (in lots) the clock is read. */
const CLOCK_EVERY = 64;

interface DueLot {
  id: number;
  customer_id: number;
  remaining: number;
  /** ms: when the lot was earned (its ledger row's time). */
  created_at: number;
}

export interface ExpiryReport {
  lots: number;
  points: number;
}

/** The reason an expire row carries (the customer page shows it in the UI's language). */
export const expireReason = (earnedAt: string): string => `expired lot earned ${earnedAt}`;

const dueStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

export async function expirePoints(ctx: Ctx): Promise<ExpiryReport> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('expirePoints needs the connection handle (openBackend sets ctx.sqlite)');
  const k = { db: ctx.db, sqlite };
  const report: ExpiryReport = { lots: 0, points: 0 };
  for (;;) {
    const done = await ctx.db.connection().execute(async () => {
      const write = sqlite.transaction((): number => {
        if (!readSettingsSync(k).pointsExpiryMonths) return 0;
        let due = dueStatements.get(sqlite);
        if (!due) {
          due = sqlite.prepare(
            ctx.db
              .selectFrom('points_ledger')
              .select(['id', 'customer_id', 'remaining', 'created_at'])
              .where('remaining', '>', sql<number>`0`)
              .where('expires_at', 'is not', null)
              .where('expires_at', '<=', 0)
              .orderBy('expires_at')
              .limit(sql.lit(CHUNK))
              .compile().sql,
          );
          dueStatements.set(sqlite, due);
        }
        const at = ctx.now().toISOString();
        const atMs = Date.parse(at);
        const lots = due.all(atMs) as DueLot[];
        const st = lotStatements(k);
        const insertLedger = preparedInsert(k, 'points_ledger', ['customer_id', 'kind', 'points', 'reason', 'created_at', 'origin']);
        const origin = preparedFirst<{ key: number }>(k, ctx.db.selectFrom('installs').select('key').where('current', '=', 1))()!.key;
        // One read of the log's head per chunk: the clock counts in memory inside the transaction.
        const log = changeLogBatch(k);
        const started = performance.now();
        let n = 0;
        for (const lot of lots) {
          if (n > 0 && n % CLOCK_EVERY === 0 && performance.now() - started > CHUNK_BUDGET_MS) break;
          n++;
          // The expire row first: its key is SQLite's choice, and its draw names it.
          const row = insertLedger([lot.customer_id, 'expire', -lot.remaining, expireReason(isoOf(lot.created_at)), atMs, origin]);
          const ledgerId = Number(row.lastInsertRowid);
          st.take.run(lot.remaining, lot.id);
          st.insertDraw([ledgerId, lot.id, lot.remaining]);
          log('points', ledgerId, 'expire', at);
          report.points += lot.remaining;
        }
        report.lots += n;
        // Stopped by the clock: more are due (the next chunk reads them again); else done when the read came short.
        return n < lots.length ? CHUNK : lots.length;
      });
      return write.immediate();
    });
    if (done < CHUNK) return report;
    await nextTurn();
  }
}
