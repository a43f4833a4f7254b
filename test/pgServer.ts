/**
 * A private PostgreSQL server for the hub's tests: a fresh cluster in a temp folder, on 127.0.0.1
 * and a free port, trust authentication, thrown away afterwards. It needs Debian's `postgresql`
 * package (.ci/run installs it); as root the server runs as the `postgres` user, as PostgreSQL
 * refuses root. The superuser `regulars` signs in without a password; any other role needs its
 * password (scram), as on a chain's server, so the tests can meet a wrong one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const NOT_INSTALLED = 'PostgreSQL is not installed: the hub tests need it (apt-get install postgresql; .ci/run does it)';

function findBin(): string | null {
  if (process.env.PG_BIN) return fs.existsSync(path.join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  return null;
}

function binDir(): string {
  const bin = findBin();
  if (!bin) throw new Error(NOT_INSTALLED);
  return bin;
}

/**
 * Why the hub tests cannot run here, or null when they can. Only a developer's machine without
 * PostgreSQL skips them (with this reason printed); in CI (`CI` set, or `.ci/run`, which installs
 * the package and sets REGULARS_REQUIRE_POSTGRES) they always run, and fail loudly if it is missing.
 */
export function postgresMissing(): string | null {
  if (process.env.CI || process.env.REGULARS_REQUIRE_POSTGRES) return null;
  if (findBin()) return null;
  const reason = `${NOT_INSTALLED}; skipping them on this machine`;
  console.warn(reason);
  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  url: string;
  stop(): void;
}

export async function startPostgres(): Promise<PgServer> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error?.message}`);
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'regulars', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  // The superuser over TCP without a password; every other role with its password, as on a chain's server.
  fs.writeFileSync(
    path.join(data, 'pg_hba.conf'),
    ['local all all trust', 'host all regulars 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
  );
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://regulars@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
