/**
 * `regulars serve` as a real child process for the trust runs: the command line bundled once with
 * esbuild (tsx took ~4 s a start on a loaded machine, the bundle under 1 s), a throwaway renderer
 * folder so serve starts without a build, and a fixed token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const repo = path.resolve(__dirname, '../..');

export interface ServeKit {
  dir: string;
  dataDir: string;
  token: string;
  start(): Promise<RunningServer>;
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  /** Resolves when the process has exited (after a kill or a crash). */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Bundles the command line into `dir` and prepares `dir/data`. */
export function prepareServe(dir: string, token: string): ServeKit {
  const bundle = path.join(dir, 'cli.cjs');
  buildSync({
    entryPoints: [path.join(repo, 'src/main/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
  // serve looks for out/renderer next to the working folder when the bundle is not beside one.
  fs.mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>trust</title>');
  const dataDir = path.join(dir, 'data');
  return {
    dir,
    dataDir,
    token,
    start: () => startServe(bundle, dir, dataDir, token),
  };
}

function startServe(bundle: string, cwd: string, dataDir: string, token: string): Promise<RunningServer> {
  const child = spawn(process.execPath, [bundle, 'serve', '--data-dir', dataDir, '--port', '0'], {
    cwd,
    env: { ...process.env, REGULARS_TOKEN: token, NODE_PATH: path.join(repo, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4000);
  });
  return new Promise<RunningServer>((resolve, reject) => {
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 30 s: ${out} ${err}`));
    }, 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(giveUp);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        base: m[1]!,
        child,
        exited,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(giveUp);
      reject(new Error(`serve exited before it was ready (code ${child.exitCode}, ${child.signalCode}): ${err}`));
    });
  });
}
