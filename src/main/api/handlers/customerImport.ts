/**
 * Handlers of the customer import. As with the sales import, a commit may carry a jobId; its
 * progress is answered from memory (the import's transaction holds the database).
 */
import type { customerImportContract } from '../../../shared/contract/customerImport';
import type { ImportProgress } from '../../../shared/contract/imports';
import { takeBackup } from '../../services/backups';
import { commitCustomerImport, inspectCustomerFile, previewCustomerImport } from '../../services/importCustomers';
import type { HandlerMap } from '../types';

const jobs = new Map<string, ImportProgress>();
const KEEP_JOBS = 20;

function track(jobId: string | null, p: ImportProgress): void {
  if (jobId === null) return;
  jobs.delete(jobId);
  jobs.set(jobId, p);
  while (jobs.size > KEEP_JOBS) jobs.delete(jobs.keys().next().value!);
}

export const customerImportHandlers: HandlerMap<keyof typeof customerImportContract> = {
  'customerImport.inspect': (ctx, input) => inspectCustomerFile(ctx, input),
  'customerImport.preview': (ctx, input) => previewCustomerImport(ctx, input),
  'customerImport.commit': async (ctx, { jobId, ...input }) => {
    try {
      // A copy first (issue 17), to go back to if it was the wrong file; no import without one.
      track(jobId, { phase: 'backup', done: 0, total: 0 });
      await takeBackup(ctx, 'pre-import');
      return await commitCustomerImport(ctx, input, (p) => track(jobId, p));
    } catch (e) {
      const last = jobId ? jobs.get(jobId) : undefined;
      track(jobId, { phase: 'failed', done: last?.done ?? 0, total: last?.total ?? 0 });
      throw e;
    }
  },
  'customerImport.progress': async (_ctx, { jobId }) => jobs.get(jobId) ?? null,
};
