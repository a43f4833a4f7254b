/** Handlers of the customer import; a commit's progress as for the sales import (importJobs.ts). */
import type { customerImportContract } from '../../../shared/contract/customerImport';
import { commitCustomerImport, inspectCustomerFile, previewCustomerImport } from '../../services/importCustomers';
import type { HandlerMap } from '../types';
import { importJobs } from './importJobs';

const jobs = importJobs();

export const customerImportHandlers: HandlerMap<keyof typeof customerImportContract> = {
  'customerImport.inspect': (ctx, input) => inspectCustomerFile(ctx, input),
  'customerImport.preview': (ctx, input) => previewCustomerImport(ctx, input),
  'customerImport.commit': (ctx, { jobId, ...input }) => jobs.commit(ctx, jobId, (progress) => commitCustomerImport(ctx, input, progress)),
  'customerImport.progress': async (_ctx, { jobId }) => jobs.progress(jobId),
};
