/**
 * The counter's figures, each call through dispatch (contract validation + handler), as the UI
 * makes it: the swipe, search-as-you-type, the customer page and recording a purchase.
 */
import fs from 'node:fs';
import path from 'node:path';
import { digitsOf } from '../../src/shared/phone';
import { foldText } from '../../src/shared/search';
import type { Rng } from '../lib/prng';
import { percentiles, timeEach, type Percentiles } from '../lib/stats';
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
 * The disk's share of a sale: a commit with synchronous=FULL appends ~15 WAL pages (~60 KB) and
 * waits for one fsync. Measured the same way next to the shop's file, so record_sale_ms can be
 * read against what the disk alone costs (its p99 is the floor of record_sale's).
 */
function diskFsync(dir: string, n: number): Percentiles {
  const file = path.join(dir, 'fsync-probe.bin');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024, 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, block, 0, block.length, (i % 32) * block.length);
      const t = performance.now();
      fs.fsyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return percentiles(times);
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
    // Last: it writes (to the working copy only). Amounts like the till's, rounded to 1,000 VND.
    const amounts = ctx.rng.fork('amounts');
    const sale = await timeEach(visitors.slice(0, ctx.iterations(1000, 60)), (v) =>
      call(ctx.backend, 'sales.record', { customerId: v.id, amount: amounts.int(25, 800) * 1000, note: null }),
    );
    return {
      swipe_lookup_ms: swipe,
      search_ms: search,
      customer_page_ms: page,
      record_sale_ms: sale,
      disk_fsync_ms: diskFsync(ctx.workDir, ctx.iterations(1000, 60)),
    };
  },
};
