/**
 * Handlers of the past-sales import. A commit may carry a jobId chosen by the caller; while it
 * runs, 'imports.progress' answers from memory (never from the database, which the import's
 * transaction holds), so the UI can draw a progress bar by polling.
 */
import type { importsContract, ImportProgress } from '../../../shared/contract/imports';
import { takeBackup } from '../../services/backups';
import { commitImport, inspectCsv, previewImport } from '../../services/importSales';
import type { HandlerMap } from '../types';

/** Recent jobs only: a finished job is kept for a while for the last poll, then forgotten. */
const jobs = new Map<string, ImportProgress>();
const KEEP_JOBS = 20;

function track(jobId: string | null, p: ImportProgress): void {
  if (jobId === null) return;
  jobs.delete(jobId);
  jobs.set(jobId, p);
  while (jobs.size > KEEP_JOBS) jobs.delete(jobs.keys().next().value!);
}

export const importsHandlers: HandlerMap<keyof typeof importsContract> = {
  'imports.inspect': async (_ctx, { csv, delimiter }) => inspectCsv(csv, delimiter),
  'imports.preview': (ctx, input) => previewImport(ctx, input),
  'imports.commit': async (ctx, { jobId, ...input }) => {
    try {
      // A copy first (issue 17), to go back to if it was the wrong file; no import without one.
      track(jobId, { phase: 'backup', done: 0, total: 0 });
      await takeBackup(ctx, 'pre-import');
      return await commitImport(ctx, input, (p) => track(jobId, p));
    } catch (e) {
      const last = jobId ? jobs.get(jobId) : undefined;
      track(jobId, { phase: 'failed', done: last?.done ?? 0, total: last?.total ?? 0 });
      throw e;
    }
  },
  'imports.progress': async (_ctx, { jobId }) => jobs.get(jobId) ?? null,
};
