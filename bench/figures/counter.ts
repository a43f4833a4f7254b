/**
 * The counter's figures, each call through dispatch (contract validation + handler), as the UI
 * makes it: the swipe, search-as-you-type, the customer page and recording a purchase.
 */
import fs from 'node:fs';
import path from 'node:path';
import { digitsOf } from '../../src/shared/phone';
import { foldText } from '../../src/shared/search';
import type { Rng } from '../lib/prng';
import { nextTurn } from '../../src/main/services/context';
import { percentiles, round, timeEach, type Percentiles } from '../lib/stats';
import { call, type Visitor } from './samples';
import type { FigureGroup } from './types';

const HAN = /\p{Script=Han}/u;

/**
 * A mix of what people type: a name keystroke by keystroke (folded, as typed on a phone keyboard
 * without marks), names with diacritics, one to three Chinese characters, runs of phone digits,
 * customer codes. Half the calls ask for the counter's 8 results, half for a page of 50.
 */
export function searchQueries(visitors: Visitor[], rng: Rng, n: number): { query: string; limit: number }[] {
  const out: { query: string; limit: number }[] = [];
  const push = (query: string) => {
    if (query.trim() !== '' && out.length < n) out.push({ query, limit: rng.chance(0.5) ? 8 : 50 });
  };
  for (let i = 0; out.length < n && visitors.length > 0; i++) {
    const v = visitors[i % visitors.length]!;
    const kind = rng.next();
    if (HAN.test(v.fullName)) {
      const len = rng.int(1, Math.min(3, v.fullName.length));
      const start = rng.int(0, v.fullName.length - len);
      push(v.fullName.slice(start, start + len));
    } else if (kind < 0.35) {
      const folded = foldText(v.fullName);
      for (let l = 1; l <= Math.min(folded.length, 10); l++) push(folded.slice(0, l));
    } else if (kind < 0.55) {
      const words = v.fullName.split(' ');
      push(rng.chance(0.5) ? words.slice(0, 2).join(' ') : words[words.length - 1]!);
    } else if (kind < 0.85 && v.phone) {
      const digits = digitsOf(v.phone);
      const len = rng.int(3, 7);
      const start = rng.int(0, Math.max(0, digits.length - len));
      push(digits.slice(start, start + len));
    } else {
      push(v.code.slice(0, rng.int(3, v.code.length)));
    }
  }
  return out;
}

/**
 * What a sale's commit appends to the WAL when it cannot be measured (a connection without one): at
 * 100k/1M, 11–14 frames (the pages of sales and its two indexes, the ledger and its index,
 * point_lots, customer_stats, audit_log and its index). The loop counts them in its warm-up sales.
 */
const FRAMES_PER_SALE = 12;
const PAGE = 4096;
const FRAME_HEADER = 24;
/** The WAL restarts from its beginning once the checkpoint has copied it (db/checkpointer.ts: past 4,096 frames). */
const WAL_FRAMES = 4096;

/**
 * The disk's own cost of a sale's commit, as SQLite makes it with synchronous=FULL: its frames
 * written one after the other (a 24-byte header, then the page) at the end of a WAL file next to the
 * shop's (same file system), which has its room before the first sale as the app's WAL has and
 * restarts from its beginning as the WAL does,
 * then one fsync. Only the fsync is timed. record_sale_ms can be read against it: its p99 is the
 * floor of record_sale's.
 */
function walProbe(dir: string, framesPerSale: () => number): { fsync(): number; close(): void } {
  const file = path.join(dir, 'fsync-probe.wal');
  const fd = fs.openSync(file, 'w');
  const header = Buffer.alloc(FRAME_HEADER, 3);
  const page = Buffer.alloc(PAGE, 7);
  // The app gives its WAL file its room before the first sale (db/walAhead.ts), so a commit
  // overwrites blocks the file has: the probe's file gets the same room first, untimed.
  const room = Buffer.alloc(FRAME_HEADER + PAGE);
  for (let i = 0; i < WAL_FRAMES; i++) fs.writeSync(fd, room, 0, room.length, 32 + i * room.length);
  fs.fsyncSync(fd);
  let frame = 0;
  return {
    fsync() {
      for (let i = 0, n = framesPerSale(); i < n; i++, frame = (frame + 1) % WAL_FRAMES) {
        const at = 32 + frame * (FRAME_HEADER + PAGE);
        fs.writeSync(fd, header, 0, FRAME_HEADER, at);
        fs.writeSync(fd, page, 0, PAGE, at + FRAME_HEADER);
      }
      const t = performance.now();
      fs.fsyncSync(fd);
      return performance.now() - t;
    },
    close() {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    },
  };
}

/**
 * Purchases at the counter, each timed from the call into dispatch (contract validation, handler,
 * the sale's one IMMEDIATE transaction and its commit) to the answer. After each answer, untimed, a
 * turn of the event loop (the audit row's flush runs there, as it does right after a sale at the
 * till) and one probe fsync: sale and disk alternate, so both figures see the same load.
 */
async function salesAgainstDisk(
  ctx: Parameters<FigureGroup['run']>[0],
  visitors: { id: string }[],
): Promise<{ sale: Percentiles; fsync: Percentiles; frames: number }> {
  const amounts = ctx.rng.fork('amounts');
  // The WAL's length in frames (NOOP copies nothing), read around the warm-up sales, untimed.
  const sqlite = ctx.backend.ctx.sqlite;
  const walFrames = (): number | null => (sqlite ? ((sqlite.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? null) : null);
  const grew: number[] = [];
  const framesPerSale = (): number => (grew.length ? Math.round(grew.reduce((a, b) => a + b, 0) / grew.length) : FRAMES_PER_SALE);
  const probe = walProbe(ctx.workDir, framesPerSale);
  const sales: number[] = [];
  const fsyncs: number[] = [];
  try {
    const warmup = 10;
    for (let i = 0; i < visitors.length + warmup; i++) {
      const v = visitors[i % visitors.length]!;
      await nextTurn();
      const before = i < warmup ? walFrames() : null;
      const t = performance.now();
      // Amounts like the till's, rounded to 1,000 VND.
      await call(ctx.backend, 'sales.record', { customerId: v.id, amount: amounts.int(25, 800) * 1000, note: null });
      const ms = performance.now() - t;
      const after = before === null ? null : walFrames();
      // A WAL that restarted meanwhile (shorter after) says nothing of the sale.
      if (before !== null && after !== null && after > before) grew.push(after - before);
      await nextTurn();
      const f = probe.fsync();
      if (i >= warmup) {
        sales.push(ms);
        fsyncs.push(f);
      }
    }
  } finally {
    probe.close();
  }
  return { sale: percentiles(sales), fsync: percentiles(fsyncs), frames: framesPerSale() };
}

export const counterFigures: FigureGroup = {
  name: 'counter',
  async run(ctx) {
    const visitors = ctx.visitors();
    const carded = visitors.filter((v) => v.cardNumber !== null);
    const swipe = await timeEach(
      carded.slice(0, ctx.iterations(2000, 100)).map((v) => v.cardNumber!),
      (number) => call(ctx.backend, 'cards.lookup', { number }),
    );
    const search = await timeEach(searchQueries(visitors, ctx.rng.fork('search'), ctx.iterations(2000, 100)), (q) =>
      call(ctx.backend, 'customers.search', { query: q.query, limit: q.limit, offset: 0 }),
    );
    const page = await timeEach(visitors.slice(0, ctx.iterations(1000, 60)), (v) => call(ctx.backend, 'customers.get', { id: v.id }));
    // Last: it writes (to the working copy only).
    const { sale, fsync, frames } = await salesAgainstDisk(ctx, visitors.slice(0, ctx.iterations(1000, 60)));
    return {
      swipe_lookup_ms: swipe,
      search_ms: search,
      customer_page_ms: page,
      record_sale_ms: sale,
      disk_fsync_ms: fsync,
      // The WAL frames a sale's commit appended in the warm-up: what the probe writes before its fsync.
      sale_wal_frames: frames,
      // Issue 14: a sale's p99 within 4× what the disk alone takes for its commit.
      record_sale_vs_fsync_p99: round(sale.p99 / fsync.p99, 2),
    };
  },
};
