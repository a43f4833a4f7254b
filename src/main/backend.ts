/** Opens the shop's data and builds the service context; shared by Electron, the CLI and tests. */
import { openDatabase, type Db, type OpenOptions } from './db/open';
import type { Ctx } from './services/context';

export interface Backend {
  ctx: Ctx;
  database: Db;
  close(): Promise<void>;
}

export async function openBackend(dataDir: string, options: OpenOptions & { now?: () => Date } = {}): Promise<Backend> {
  const database = await openDatabase(dataDir, options);
  const ctx: Ctx = { db: database.db, sqlite: database.sqlite, now: options.now ?? (() => new Date()), dataDir };
  return { ctx, database, close: () => database.close() };
}
