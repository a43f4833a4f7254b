/**
 * Feeds through the chain's hub: a PostgreSQL database the chain already runs, backs up and
 * replicates. The hub stores each feed file as it came (it never reads inside them), so a branch
 * on an older or newer version still syncs through it; the branches apply what they fetch with the
 * same checks and rules as from a folder. The hub's schema has migrations of its own, taken under
 * an advisory lock so fifty branches starting at once create it once.
 */
import pg from 'pg';
import { HubUnavailable } from './hubUrl';
import { takeInOrder, type Feed, type FeedStore, type FetchBound, type Fetched } from './feedFile';

/** The hub's own migrations, in order; never edit one that has shipped. */
const MIGRATIONS: string[] = [
  `CREATE TABLE regulars_feeds (
     install uuid NOT NULL,
     seq bigint NOT NULL CHECK (seq >= 1),
     entries integer NOT NULL,
     sha256 text NOT NULL,
     file bytea NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (install, seq)
   )`,
];

/** Any number; the same for every branch, so their migrations wait for each other. */
const MIGRATION_LOCK = 7_310_042_019;

export class HubStore implements FeedStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<HubStore> {
    // Named, so the chain's database administrator sees which connections are the branches'.
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, application_name: 'regulars-hub' });
    // A dropped connection between syncs is not a crash of the app.
    pool.on('error', () => undefined);
    const hub = new HubStore(pool);
    try {
      await hub.migrate();
    } catch (e) {
      await pool.end();
      throw e;
    }
    return hub;
  }

  /** The hub schema's version after migrating (tests and the command's report). */
  async version(): Promise<number> {
    const r = await this.pool.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM regulars_hub_migrations');
    return Number(r.rows[0]!.v);
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS regulars_hub_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = Number((await c.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM regulars_hub_migrations')).rows[0]!.v);
      if (done > MIGRATIONS.length)
        throw new HubUnavailable(
          `The hub was set up by a newer version of Regulars (hub schema ${done}); update this install to sync with it.`,
          'newerHub',
          String(done),
        );
      for (let v = done + 1; v <= MIGRATIONS.length; v++) {
        await c.query(MIGRATIONS[v - 1]!);
        await c.query('INSERT INTO regulars_hub_migrations (version) VALUES ($1)', [v]);
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async publish(feed: Feed): Promise<void> {
    const h = feed.header;
    const r = await this.pool.query(
      'INSERT INTO regulars_feeds (install, seq, entries, sha256, file) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (install, seq) DO NOTHING',
      [h.install, h.seq, h.entries, h.sha256, feed.file],
    );
    if (r.rowCount === 1) return;
    const held = await this.pool.query<{ sha256: string }>('SELECT sha256 FROM regulars_feeds WHERE install = $1 AND seq = $2', [
      h.install,
      h.seq,
    ]);
    if (held.rows[0]?.sha256 !== h.sha256)
      throw new Error(
        `The hub already holds a different feed ${h.seq} of install ${h.install}: two installs are using the same install id`,
      );
  }

  async fetch(self: string, after: ReadonlyMap<string, number>, only?: FetchBound): Promise<Fetched> {
    const known = JSON.stringify(Object.fromEntries(after));
    const r = only
      ? await this.pool.query<{ install: string; seq: string; file: Buffer }>(
          `SELECT install::text AS install, seq, file FROM regulars_feeds
            WHERE install = $1::uuid AND install <> $2::uuid AND seq > $3 ORDER BY seq LIMIT $4`,
          [only.install, self, after.get(only.install) ?? 0, only.limit],
        )
      : await this.pool.query<{ install: string; seq: string; file: Buffer }>(
          `SELECT install::text AS install, seq, file FROM regulars_feeds
            WHERE install <> $1::uuid AND seq > coalesce(($2::jsonb ->> install::text)::bigint, 0)
            ORDER BY install, seq`,
          [self, known],
        );
    const byInstall = new Map<string, { seq: number; read: () => Buffer }[]>();
    for (const row of r.rows) {
      const list = byInstall.get(row.install) ?? [];
      list.push({ seq: Number(row.seq), read: () => row.file });
      byInstall.set(row.install, list);
    }
    const out: Fetched = { feeds: [], problems: [], waiting: [] };
    for (const [install, files] of byInstall) takeInOrder(install, after.get(install) ?? 0, files, out, only?.limit);
    return out;
  }

  async readOwn(install: string, after: number, limit: number): Promise<Fetched> {
    const r = await this.pool.query<{ seq: string; file: Buffer }>(
      'SELECT seq, file FROM regulars_feeds WHERE install = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3',
      [install, after, limit],
    );
    const out: Fetched = { feeds: [], problems: [], waiting: [] };
    takeInOrder(
      install,
      after,
      r.rows.map((row) => ({ seq: Number(row.seq), read: () => row.file })),
      out,
      limit,
    );
    return out;
  }

  async pending(self: string, after: ReadonlyMap<string, number>): Promise<string[]> {
    const r = await this.pool.query<{ install: string }>(
      `SELECT install::text AS install FROM regulars_feeds WHERE install <> $1::uuid
        GROUP BY install HAVING max(seq) > coalesce(($2::jsonb ->> install::text)::bigint, 0) ORDER BY install`,
      [self, JSON.stringify(Object.fromEntries(after))],
    );
    return r.rows.map((row) => row.install);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
