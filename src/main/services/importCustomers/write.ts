/**
 * Writing a plan inside the caller's transaction, through the bulk path (bulk.ts): new customers
 * get their codes from the usual sequence, updates run one prepared statement per customer, each
 * write with its change-log row. Chunks let the event loop turn between them.
 */
import type { CustomerData } from '../../../shared/contract';
import type { ImportProgress } from '../../../shared/contract/imports';
import type { StoredPhone } from '../../../shared/phone';
import { localDate } from '../../../shared/time';
import { changeLogBatch } from '../../db/changeLog';
import { bulkInsertCustomers, BulkRowError, type BulkDb } from '../bulk';
import { nextTurn } from '../context';
import { CUSTOMER_DATA_COLUMNS, customerColumns, customerColumnValues } from '../customers';
import { readSettingsSync } from '../settings';

const CHUNK = 250;

const UPDATE_COLUMNS = [...CUSTOMER_DATA_COLUMNS, 'updated_at'] as const;
/** The key's place in a template statement: no customer has it, so the parameter check below can find it. */
const KEY_MARK = -1;

/** `UPDATE customers SET … WHERE id = ?`, built by kysely once; its parameter list proves the order we bind by. */
function preparedUpdate(k: BulkDb) {
  const template = Object.fromEntries(UPDATE_COLUMNS.map((c) => [c, c]));
  const compiled = k.db
    .updateTable('customers')
    .set(template as never)
    .where('id', '=', KEY_MARK)
    .compile();
  const expected = [...UPDATE_COLUMNS, KEY_MARK];
  if (compiled.parameters.length !== expected.length || compiled.parameters.some((p, i) => p !== expected[i]))
    throw new Error(`customer import: unexpected parameter order in ${compiled.sql}`);
  const stmt = k.sqlite.prepare(compiled.sql);
  return (values: unknown[]) => stmt.run(values);
}

/** The stored values of the columns an update writes, so the change log names only those that changed. */
function preparedBefore(k: BulkDb) {
  const compiled = k.db
    .selectFrom('customers')
    .select(UPDATE_COLUMNS.filter((c) => c !== 'updated_at'))
    .where('id', '=', KEY_MARK)
    .compile();
  const stmt = k.sqlite.prepare(compiled.sql);
  return (key: number) => stmt.get([key]) as Record<string, unknown> | undefined;
}

export interface PlannedWrites {
  creates: { data: CustomerData }[];
  updates: { key: number; data: CustomerData }[];
  phones: Map<string, StoredPhone>;
}

export async function writePlan(
  k: BulkDb,
  plan: PlannedWrites,
  now: () => Date,
  onProgress: (p: ImportProgress) => void,
): Promise<{ createdIds: string[] }> {
  const total = plan.creates.length + plan.updates.length;
  let done = 0;
  onProgress({ phase: 'writing', done, total });
  const createdIds: string[] = [];
  const knownPhone = (typed: string): StoredPhone | undefined => plan.phones.get(typed);
  for (let i = 0; i < plan.creates.length; i += CHUNK) {
    const chunk = plan.creates.slice(i, i + CHUNK);
    try {
      createdIds.push(...bulkInsertCustomers(k, chunk, { now, knownPhone }).ids);
    } catch (e) {
      throw e instanceof BulkRowError ? new BulkRowError('customers', i + e.index, e.cause) : e;
    }
    done += chunk.length;
    onProgress({ phase: 'writing', done, total });
    await nextTurn();
  }
  if (plan.updates.length > 0) {
    const at = now();
    const stamp = at.toISOString();
    const { timeZone, country } = readSettingsSync(k);
    const today = localDate(at, timeZone);
    const update = preparedUpdate(k);
    const before = preparedBefore(k);
    const log = changeLogBatch(k);
    for (let i = 0; i < plan.updates.length; i += CHUNK) {
      const chunk = plan.updates.slice(i, i + CHUNK);
      for (let j = 0; j < chunk.length; j++) {
        const u = chunk[j]!;
        const c = customerColumns(u.data, today, country, knownPhone);
        const values = [...customerColumnValues(c), stamp, u.key];
        try {
          const old = before(u.key);
          update(values);
          const changed = UPDATE_COLUMNS.filter((col, n) => col !== 'updated_at' && old?.[col] !== values[n]);
          log('customer', u.key, 'update', stamp, changed);
        } catch (e) {
          throw new BulkRowError('customer updates', i + j, e);
        }
      }
      done += chunk.length;
      onProgress({ phase: 'writing', done, total });
      await nextTurn();
    }
  }
  return { createdIds };
}
