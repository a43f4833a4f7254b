/**
 * The HTTP transport for browser mode and e2e tests: loopback only, every API call must carry
 * the session token, and it goes through the same dispatch (validation, handlers, errors) as IPC.
 * The token travels to the page in the URL fragment, which browsers never send to a server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiResult } from '../../shared/errors';
import { dispatch } from '../api/dispatch';
import type { Ctx } from '../services/context';
import { CONTENT_SECURITY_POLICY } from '../security';

export const API_PREFIX = '/api/';
const MAX_BODY = 10 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function statusFor(result: ApiResult<unknown>): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'VALIDATION':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404;
    case 'INTERNAL':
      return 500;
    default:
      return 422;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface HttpTransportOptions {
  ctx: Ctx;
  token: string;
  /** The built renderer (out/renderer); omitted = API only. */
  staticDir?: string;
}

export function createHttpServer(opts: HttpTransportOptions): http.Server {
  const server = http.createServer((req, res) => {
    handle(opts, req, res).catch((e: unknown) => {
      console.error('[regulars] http error', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    });
  });
  return server;
}

async function handle(opts: HttpTransportOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  // Refuse other host names (DNS rebinding): only the loopback names reach the app.
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    sendJson(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Only loopback host names are served.' } });
    return;
  }
  if (url.pathname.startsWith(API_PREFIX)) {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !tokensEqual(given, opts.token)) {
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'A valid token is required.' } });
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === '' ? undefined : (JSON.parse(body) as unknown);
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
      return;
    }
    const method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    const result = await dispatch(opts.ctx, method, input);
    sendJson(res, statusFor(result), result);
    return;
  }
  if (url.pathname === '/healthz') {
    sendJson(res, 200, { ok: true });
    return;
  }
  serveStatic(opts.staticDir, url.pathname, res);
}

function serveStatic(dir: string | undefined, pathname: string, res: http.ServerResponse): void {
  if (!dir) {
    res.writeHead(404).end();
    return;
  }
  const root = path.resolve(dir);
  let file = path.resolve(root, '.' + decodeURIComponent(pathname));
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  const ext = path.extname(file);
  const headers: Record<string, string> = {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (ext === '.html') {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['cache-control'] = 'no-store';
    headers['x-frame-options'] = 'DENY';
  }
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}

export async function listen(server: http.Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return `http://127.0.0.1:${addr.port}`;
}
