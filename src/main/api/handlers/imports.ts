/** Handlers of the past-sales import; a commit's progress is polled by jobId (importJobs.ts). */
import type { importsContract } from '../../../shared/contract/imports';
import { commitImport, inspectCsv, previewImport } from '../../services/importSales';
import type { HandlerMap } from '../types';
import { importJobs } from './importJobs';

const jobs = importJobs();

export const importsHandlers: HandlerMap<keyof typeof importsContract> = {
  'imports.inspect': async (_ctx, { csv, delimiter }) => inspectCsv(csv, delimiter),
  'imports.preview': (ctx, input) => previewImport(ctx, input),
  'imports.commit': (ctx, { jobId, ...input }) => jobs.commit(ctx, jobId, (progress) => commitImport(ctx, input, progress)),
  'imports.progress': async (_ctx, { jobId }) => jobs.progress(jobId),
};
