/**
 * The progress of the imports' commits (past sales, customers). A commit may carry a jobId chosen
 * by the caller; while it runs, its progress is answered from memory, never from the database, which
 * the import holds, so the UI can draw a progress bar by polling.
 */
import type { ImportProgress } from '../../../shared/contract/imports';
import { takeBackup } from '../../services/backups';
import type { Ctx } from '../../services/context';

/** Recent jobs only: a finished job is kept for a while for the last poll, then forgotten. */
const KEEP_JOBS = 20;

export interface ImportJobs {
  /** Takes the backup every import starts with, then runs the import, its progress kept under `jobId`. */
  commit<T>(ctx: Ctx, jobId: string | null, run: (progress: (p: ImportProgress) => void) => Promise<T>): Promise<T>;
  progress(jobId: string): ImportProgress | null;
}

export function importJobs(): ImportJobs {
  const jobs = new Map<string, ImportProgress>();
  const track = (jobId: string | null, p: ImportProgress): void => {
    if (jobId === null) return;
    jobs.delete(jobId);
    jobs.set(jobId, p);
    while (jobs.size > KEEP_JOBS) jobs.delete(jobs.keys().next().value!);
  };
  return {
    async commit(ctx, jobId, run) {
      try {
        // A copy first (issue 17), to go back to if it was the wrong file; no import without one.
        track(jobId, { phase: 'backup', done: 0, total: 0 });
        await takeBackup(ctx, 'pre-import');
        return await run((p) => track(jobId, p));
      } catch (e) {
        const last = jobId ? jobs.get(jobId) : undefined;
        track(jobId, { phase: 'failed', done: last?.done ?? 0, total: last?.total ?? 0 });
        throw e;
      }
    },
    progress: (jobId) => jobs.get(jobId) ?? null,
  };
}
