/** Start-up, the HTTP transport's own cost, the file's size and the process's memory. */
import fs from 'node:fs';
import http from 'node:http';
import { openDatabase, DB_FILE_NAME } from '../../src/main/db/open';
import { createHttpServer, listen, newToken } from '../../src/main/transport/http';
import { percentiles, round, timeEach } from '../lib/stats';
import type { FigureGroup } from './types';
import path from 'node:path';

export const openFigures: FigureGroup = {
  name: 'open',
  async run(ctx) {
    // Opening the shop's file with every migration applied: pragmas + the migration check.
    const times: number[] = [];
    for (let i = 0; i < ctx.iterations(10, 3); i++) {
      const t = performance.now();
      const db = await openDatabase(ctx.workDir);
      times.push(performance.now() - t);
      if (db.migration.applied.length > 0) throw new Error('open_db_ms must be measured with no pending migrations');
      await db.close();
    }
    return { open_db_ms: percentiles(times).p50 };
  },
};

/**
 * One API call over a kept-alive connection, as the browser's page makes them. The client is
 * node:http rather than Node's fetch: undici's fetch adds milliseconds of its own per call here,
 * which would be charged to the transport.
 */
function post(agent: http.Agent, url: string, token: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`http ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const httpFigures: FigureGroup = {
  name: 'http',
  async run(ctx) {
    const token = newToken();
    const server = createHttpServer({ ctx: ctx.backend.ctx, token });
    const base = await listen(server, 0);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const calls = Array.from({ length: ctx.iterations(1000, 50) }, () => 'settings.get');
      const rt = await timeEach(calls, (method) => post(agent, `${base}/api/${method}`, token, '{}'));
      return { http_round_trip_ms: rt };
    } finally {
      agent.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  },
};

export const footprintFigures: FigureGroup = {
  name: 'footprint',
  async run(ctx) {
    ctx.backend.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const size = fs.statSync(path.join(ctx.workDir, DB_FILE_NAME)).size;
    return { db_file_mb: round(size / 1024 / 1024, 1), rss_mb: round(process.memoryUsage().rss / 1024 / 1024, 1) };
  },
};
