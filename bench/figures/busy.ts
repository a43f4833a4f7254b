/**
 * The counter while a second program writes the shop file (issue 19): a command-line import of
 * 400,000 past sales runs as its own process, the way an owner would start it, while the till
 * records a purchase every 50 ms through dispatch on a connection opened as the app opens it
 * (short busy timeout, asynchronous retry). The figure is what the till waited; sales the retry
 * bound refused (SHOP_FILE_BUSY) are counted apart, not hidden in the percentiles. The import's
 * own pace meanwhile (its whole run, check included) is reported too: giving way must not stall it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../src/main/api/dispatch';
import { APP_BUSY_TIMEOUT_MS } from '../../src/main/db/busy';
import { percentiles } from '../lib/stats';
import type { FigureGroup } from './types';

const root = path.resolve(__dirname, '../..');

export const busyFigures: FigureGroup = {
  name: 'busy',
  async run(ctx) {
    const rows = ctx.quick ? 5_000 : 400_000;
    const file = path.join(ctx.scratchDir(), 'past-sales.csv');
    const lines = ['receipt,customer,date,amount'];
    for (let i = 0; i < rows; i++) {
      lines.push(
        `B${i},BK${i % 20_000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(20 + (i % 300)) * 1000}`,
      );
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const sqlite = ctx.backend.database.sqlite;
    const before = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma(`busy_timeout = ${APP_BUSY_TIMEOUT_MS}`);
    try {
      const cli = spawn(
        process.execPath,
        [
          path.join(root, 'bin/regulars.mjs'),
          'import-sales',
          file,
          '--data-dir',
          ctx.workDir,
          '--create-customers',
          '--source',
          'bench-busy',
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REGULARS_DATA_DIR: '' } },
      );
      let stderr = '';
      let stdout = '';
      cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      let exit: number | null | undefined;
      cli.on('exit', (code) => (exit = code));
      // Open loop: a purchase every 50 ms whether or not the last one was answered, so the time
      // the import holds the lock shows in the percentiles as the tills would see it.
      const waits: number[] = [];
      const answered: Promise<void>[] = [];
      let refused = 0;
      while (exit === undefined) {
        const t = performance.now();
        answered.push(
          dispatch(ctx.backend.ctx, 'sales.record', { customerId: null, cardNumber: null, amount: 50_000, note: null }).then((r) => {
            waits.push(performance.now() - t);
            if (!r.ok) refused++;
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await Promise.all(answered);
      if (exit !== 0) throw new Error(`the import failed (exit ${exit}): ${stderr.slice(-500)}`);
      // The import's own pace while the counter sells (its summary line: "Imported N purchases … in S s").
      const took = /Imported (\d+) purchases .* in ([\d.]+) s\./.exec(stdout);
      return {
        import_sales_while_selling_rows_per_s: took ? Math.round(Number(took[1]) / Number(took[2])) : 0,
        record_sale_during_import_rows: rows,
        record_sale_during_import_ms: percentiles(waits),
        record_sale_during_import_refused: refused,
      };
    } finally {
      sqlite.pragma(`busy_timeout = ${before}`);
    }
  },
};
