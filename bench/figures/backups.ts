/**
 * Backups and restore (issue 17) at the full size. `backup_ms`: a complete, consistent, checked
 * copy of the working shop (online backup and quick_check in the worker), while the till records a
 * purchase every 50 ms, open loop: `record_sale_during_backup_ms` is what the till waited (target
 * ≤ 50 ms: the copy must not stall the counter), next to the same till for 10 s just before with no
 * backup running (`record_sale_without_backup_ms`: what the machine alone costs). `restore_ms`: restoring that copy end to end
 * (private temporary copy, integrity_check, the pre-restore backup, the swap and reopen). It runs
 * on the shop as built, before the figures that add rows; the restore replaces the working file
 * with a copy of itself and empties the caches, so the groups after it start cold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../src/main/api/dispatch';
import type { TakenBackup } from '../../src/shared/contract/backups';
import { percentiles } from '../lib/stats';
import type { FigureGroup } from './types';

export const backupFigures: FigureGroup = {
  name: 'backups',
  async run(ctx) {
    const visitors = ctx.visitors();
    const amounts = ctx.rng.fork('backup-amounts');
    let selling = true;
    let refused = 0;
    /** A purchase every 50 ms, open loop, until `selling` turns false; each one's time. */
    const till = async (times: number[], offset: number): Promise<void> => {
      for (let i = 0; selling; i++) {
        const due = performance.now() + 50;
        const v = visitors[(offset + i) % visitors.length]!;
        const t = performance.now();
        const r = await dispatch(ctx.backend.ctx, 'sales.record', { customerId: v.id, amount: amounts.int(25, 800) * 1000, note: null });
        times.push(performance.now() - t);
        if (!r.ok) refused++;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
    };
    // The same till with no backup running, on the same machine at the same moment: what the copy adds.
    const quiet: number[] = [];
    const alone = till(quiet, 0);
    await new Promise((resolve) => setTimeout(resolve, ctx.quick ? 2_000 : 10_000));
    selling = false;
    await alone;
    selling = true;
    const sales: number[] = [];
    const during = till(sales, quiet.length);
    const t = performance.now();
    const taken = await dispatch(ctx.backend.ctx, 'backups.take', {});
    const backupMs = performance.now() - t;
    selling = false;
    await during;
    if (!taken.ok) throw new Error(`backups.take failed: ${JSON.stringify(taken.error)}`);
    const { entry } = taken.value as TakenBackup;

    const r0 = performance.now();
    const restored = await dispatch(ctx.backend.ctx, 'backups.restore', { folder: 'data', name: entry.name });
    const restoreMs = performance.now() - r0;
    if (!restored.ok) throw new Error(`backups.restore failed: ${JSON.stringify(restored.error)}`);
    // The run's scratch space: the copies are as large as the shop.
    fs.rmSync(path.join(ctx.workDir, 'backups'), { recursive: true, force: true });
    return {
      backup_ms: Math.round(backupMs),
      backup_mb: Math.round(entry.bytes / 1_048_576),
      record_sale_without_backup_ms: percentiles(quiet),
      record_sale_during_backup_ms: percentiles(sales),
      record_sale_during_backup_refused: refused,
      restore_ms: Math.round(restoreMs),
    };
  },
};
