/**
 * The API contract: every method the renderer may call, with its input schema and output type,
 * assembled from per-domain maps. Both transports (Electron IPC and loopback HTTP) validate inputs
 * against these schemas, so a bad input is refused at the boundary with a field-specific error
 * before any service runs. A method name defined twice is a start-up error.
 */
import type { z } from 'zod';
import { coreContract } from './core';
import { segmentsContract } from './segments';
import { reportsContract } from './reports';
import { importsContract } from './imports';
import { tiersContract } from './tiers';
import { customerImportContract } from './customerImport';
import { campaignsContract } from './campaigns';
import { exportsContract } from './exports';
import { pointsContract } from './points';
// receipts and satisfaction (issue 16)
import { receiptsContract } from './receipts';
import { followupsContract } from './followups';
import { privacyContract } from './privacy';
// backups (issue 17)
import { backupsContract } from './backups';
import { staffContract } from './staff';
import { lanContract } from './lan';
// sync now (issue 18)
import { syncContract } from './sync';

export { customerInput, settingsInput } from './core';
export type { CustomerInput, CustomerData } from './core';

function merge<T extends Record<string, unknown>[]>(...maps: T): UnionToIntersection<T[number]> {
  const all: Record<string, unknown> = {};
  for (const m of maps) {
    for (const k of Object.keys(m)) {
      if (k in all) throw new Error(`contract method ${k} is defined twice`);
      all[k] = m[k];
    }
  }
  return all as UnionToIntersection<T[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export const contract = merge(
  coreContract,
  importsContract,
  segmentsContract,
  reportsContract,
  tiersContract,
  customerImportContract,
  campaignsContract,
  exportsContract,
  pointsContract,
  // receipts and satisfaction (issue 16)
  receiptsContract,
  followupsContract,
  privacyContract,
  // backups (issue 17)
  backupsContract,
  staffContract,
  lanContract,
  // sync now (issue 18)
  syncContract,
);

export type Contract = typeof contract;
export type Method = keyof Contract & string;
type Entry = { input: z.ZodType; output: unknown };
export type MethodInput<M extends Method> = Contract[M] extends Entry ? z.input<Contract[M]['input']> : never;
export type MethodParsed<M extends Method> = Contract[M] extends Entry ? z.output<Contract[M]['input']> : never;
export type MethodOutput<M extends Method> = Contract[M] extends Entry ? Contract[M]['output'] : never;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
