/**
 * Writing a plan in chunks, through the bulk path (bulk.ts): new customers get their codes from the
 * usual sequence, updates run one prepared statement per customer, each write with its change-log
 * row. Each chunk is one short transaction of the import's run (`write`, importRuns.ts chunkWriter),
 * sized to ~25 ms of writing, with `pause` between two (the counter gets in). An update notes what
 * it overwrote in `import_previous` (each changed column's value before and after), in the same
 * transaction, so a run that dies is rolled back exactly: its new customers removed, the customers
 * it changed given back what they held (importRuns.ts sweepRun).
 */
import type { CustomerData } from '../../../shared/contract';
import type { ImportProgress } from '../../../shared/contract/imports';
import type { StoredPhone } from '../../../shared/phone';
import { localDate } from '../../../shared/time';
import { changeLogBatch } from '../../db/changeLog';
import { bulkInsertCustomers, BulkRowError, type BulkDb } from '../bulk';
import { preparedInsert } from '../../db/prepared';
import { CUSTOMER_DATA_COLUMNS, customerColumns, customerColumnValues } from '../customers';
import { readSettingsSync } from '../settings';

/** Wall-clock time one chunk's transaction aims at: the counter waits at most about this long behind it. */
const CHUNK_TARGET_MS = 25;
const FIRST_CHUNK = 250;

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
  const compiled = k.db.selectFrom('customers').select(UPDATE_COLUMNS).where('id', '=', KEY_MARK).compile();
  const stmt = k.sqlite.prepare(compiled.sql);
  return (key: number) => stmt.get([key]) as Record<string, unknown> | undefined;
}

export interface PlannedWrites {
  creates: { data: CustomerData }[];
  updates: { key: number; data: CustomerData }[];
  phones: Map<string, StoredPhone>;
}

export interface ChunkedWrites {
  /** Runs one chunk in its own transaction of the import's run (importRuns.ts chunkWriter). */
  write: <T>(body: () => T) => Promise<T>;
  /** Between two chunks. */
  pause: () => Promise<void>;
  runId: number;
  /** Rows per chunk instead of sizing chunks by time (tests: Infinity writes each kind in one transaction). */
  chunkRows?: number;
}

export async function writePlan(
  k: BulkDb,
  plan: PlannedWrites,
  now: () => Date,
  onProgress: (p: ImportProgress) => void,
  chunks: ChunkedWrites,
): Promise<{ createdIds: string[] }> {
  const total = plan.creates.length + plan.updates.length;
  let done = 0;
  onProgress({ phase: 'writing', done, total });
  let rows = chunks.chunkRows ?? FIRST_CHUNK;
  const inChunks = async <T>(items: readonly T[], each: (part: readonly T[], from: number) => void): Promise<void> => {
    for (let i = 0; i < items.length;) {
      const part = items.slice(i, i + rows);
      let ms = 0;
      await chunks.write(() => {
        const t = performance.now();
        each(part, i);
        ms = performance.now() - t;
      });
      i += part.length;
      done += part.length;
      onProgress({ phase: 'writing', done, total });
      if (part.length === rows && chunks.chunkRows === undefined)
        rows = Math.max(50, Math.min(5000, Math.round((rows * CHUNK_TARGET_MS) / Math.max(ms, 1))));
      await chunks.pause();
    }
  };
  const createdIds: string[] = [];
  const knownPhone = (typed: string): StoredPhone | undefined => plan.phones.get(typed);
  await inChunks(plan.creates, (part, from) => {
    try {
      createdIds.push(...bulkInsertCustomers(k, part, { now, knownPhone }).ids);
    } catch (e) {
      throw e instanceof BulkRowError ? new BulkRowError('customers', from + e.index, e.cause) : e;
    }
  });
  if (plan.updates.length > 0) {
    const at = now();
    const stamp = at.toISOString();
    const { timeZone, country } = readSettingsSync(k);
    const today = localDate(at, timeZone);
    const update = preparedUpdate(k);
    const before = preparedBefore(k);
    const log = changeLogBatch(k);
    const previous = preparedInsert(k, 'import_previous', ['run_id', 'customer_id', 'fields']);
    await inChunks(plan.updates, (part, from) => {
      for (let j = 0; j < part.length; j++) {
        const u = part[j]!;
        const c = customerColumns(u.data, today, country, knownPhone);
        const values = [...customerColumnValues(c), stamp, u.key];
        try {
          const old = before(u.key);
          update(values);
          const changed = UPDATE_COLUMNS.filter((col, n) => col !== 'updated_at' && old?.[col] !== values[n]);
          // What a removal of the run gives back: each column's value before, and what the import wrote.
          const fields = Object.fromEntries(
            [...changed, 'updated_at' as const].map((col) => [col, [old?.[col] ?? null, values[UPDATE_COLUMNS.indexOf(col)]]]),
          );
          previous([chunks.runId, u.key, JSON.stringify(fields)]);
          log('customer', u.key, 'update', stamp, changed);
        } catch (e) {
          throw new BulkRowError('customer updates', from + j, e);
        }
      }
    });
  }
  return { createdIds };
}
