/**
 * The HTTP transport for browser mode and e2e tests: every API call must carry the token, and it
 * goes through the same dispatch (validation, handlers, errors) as IPC. The token travels to the
 * page in the URL fragment, which browsers never send to a server.
 *
 * Loopback by default. In LAN mode (`serve --lan`) the server also listens on the shop's network,
 * and a call from another device must name a session this server issued (POST /session) and, past
 * the lock screen's `open` methods, one signed in with a PIN: the token is printed for every tablet,
 * so it cannot tell one device from another, and a tab id a client chose could be another's.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiResult } from '../../shared/errors';
import { dispatch } from '../api/dispatch';
import { newSession, type Session } from '../api/session';
import type { Ctx } from '../services/context';
import { CONTENT_SECURITY_POLICY } from '../security';
import { cachedLanAddresses, isLoopbackAddress } from './lan';

export const API_PREFIX = '/api/';
export const MAX_BODY = 10 * 1024 * 1024;
/** A browser sends its headers at once; a connection still without them after this is not a page. */
export const HEADERS_TIMEOUT_MS = 5000;
/** After refusing an oversized body, how long the client may go on sending before the socket is cut. */
const DRAIN_GRACE_MS = 10_000;

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
    case 'SESSION_UNKNOWN':
      return 401;
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404;
    case 'INTERNAL':
      return 500;
    case 'SHOP_FILE_BUSY':
      return 503;
    case 'SIGN_IN_REQUIRED':
    case 'OWNER_ONLY':
    case 'LAN_NEEDS_STAFF':
      return 403;
    case 'PIN_WAIT':
      return 429;
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

class BodyTooLarge extends Error {}

/**
 * The request body as text, refused past MAX_BODY. A refused body is still read (and dropped)
 * rather than the socket destroyed: closing a socket with unread data makes the kernel send a
 * reset, and the client then loses the 413 and reports the server as unreachable.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number(req.headers['content-length'] ?? 0) > MAX_BODY;
    if (refused) reject(new BodyTooLarge());
    req.on('data', (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > MAX_BODY) {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers 413 at once and goes on dropping the rest of the body. The connection is not closed
 * after the answer: Node would close it while the client is still sending, and the reset makes
 * the client fail its write (EPIPE) and report the server unreachable instead of the 413. A client
 * still sending after a grace period is cut off.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendJson(res, 413, {
    ok: false,
    error: { code: 'VALIDATION', message: `The request is larger than ${MAX_BODY / 1024 / 1024} MB.`, params: { maxBytes: MAX_BODY } },
  });
  if (req.complete) return;
  const cut = setTimeout(() => req.socket.destroy(), DRAIN_GRACE_MS);
  cut.unref();
  const stop = (): void => clearTimeout(cut);
  req.once('end', stop);
  req.socket.once('close', stop);
}

/** A percent-decoded URL part, or null when its %-escapes are not UTF-8. */
function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

const badAddress = { ok: false, error: { code: 'VALIDATION', message: 'The address is not valid.' } } as const;

export interface HttpTransportOptions {
  ctx: Ctx;
  token: string;
  /** The built renderer (out/renderer); omitted = API only. */
  staticDir?: string;
  /** LAN mode: host names that are this computer's LAN addresses are served too (the bind is listen()'s). */
  lan?: boolean;
}

/** Header naming the browser tab's session (an id the page keeps in sessionStorage). */
export const SESSION_HEADER = 'x-regulars-session';
/** POST here (with the token) for a new session id the server chose: the only kind another device may use. */
export const SESSION_PATH = '/session';
/** Sessions are made on demand, so the map is bounded: past this an idle session goes. */
const MAX_SESSIONS = 200;

interface Sessions {
  /** The tab's session; null when a call from another device names one this server did not issue. */
  find(id: string, remote: boolean): Session | null;
  issue(): string;
}

/**
 * Who is signed in, per tab: each tab sends its own id with the token, so signing in at one tab
 * does not sign in another. On loopback a tab may still name its own id (and a call without the
 * header shares the token's default session), as before LAN mode; from the LAN only an id from
 * issue() is found, so no device can pick, or guess, a session another signed in.
 */
function sessionsFor(): Sessions {
  const sessions = new Map<string, { session: Session; issued: boolean }>();
  const add = (id: string, issued: boolean): Session => {
    if (sessions.size >= MAX_SESSIONS) evictOne(sessions);
    const session = newSession();
    sessions.set(id, { session, issued });
    return session;
  };
  return {
    find(id, remote) {
      const entry = sessions.get(id);
      if (entry) {
        if (remote && !entry.issued) return null;
        // Most recently used last, so the first entries are the ones to let go.
        sessions.delete(id);
        sessions.set(id, entry);
        return entry.session;
      }
      return remote ? null : add(id, false);
    },
    issue() {
      const id = crypto.randomBytes(24).toString('base64url');
      add(id, true);
      return id;
    },
  };
}

/** The longest-idle session nobody is signed in at, else the longest-idle: asking for sessions never signs out a busy till first. */
function evictOne(sessions: Map<string, { session: Session }>): void {
  for (const [id, { session }] of sessions) {
    if (!session.staffId) {
      sessions.delete(id);
      return;
    }
  }
  sessions.delete(sessions.keys().next().value!);
}

export function createHttpServer(opts: HttpTransportOptions): http.Server {
  const session = sessionsFor();
  const lanHosts = opts.lan ? cachedLanAddresses() : (): string[] => [];
  const options: http.ServerOptions = {
    headersTimeout: HEADERS_TIMEOUT_MS,
    // A whole request, body included (10 MB at most, over loopback): a minute is generous; Node's
    // default of five lets a client that trickles its body hold a connection that long.
    requestTimeout: 60_000,
    // Node checks the timeouts on this interval; its default (30 s) would let a stalled
    // connection live far beyond headersTimeout.
    connectionsCheckingInterval: 1000,
  };
  const server = http.createServer(options, (req, res) => {
    handle(opts, session, lanHosts, req, res).catch((e: unknown) => {
      console.error('[regulars] http error', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    });
  });
  return server;
}

async function handle(
  opts: HttpTransportOptions,
  sessions: Sessions,
  lanHosts: () => string[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    sendJson(res, 400, badAddress);
    return;
  }
  // Refuse other host names (DNS rebinding): only the loopback names, and in LAN mode this
  // computer's own LAN addresses (never a name: a name is what a rebinding attack controls).
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]' && !lanHosts().includes(host)) {
    sendJson(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Only loopback host names are served.' } });
    return;
  }
  // A call through a LAN address comes from another device, even when it is this computer's own.
  const remote = !isLoopbackAddress(req.socket.remoteAddress);
  const isApi = url.pathname.startsWith(API_PREFIX);
  if (isApi || url.pathname === SESSION_PATH) {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !tokensEqual(given, opts.token)) {
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'A valid token is required.' } });
      return;
    }
  }
  if (url.pathname === SESSION_PATH) {
    req.resume();
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    sendJson(res, 200, { ok: true, value: { session: sessions.issue() } });
    return;
  }
  if (isApi) {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    const method = decoded(url.pathname.slice(API_PREFIX.length));
    if (method === null) {
      req.resume();
      sendJson(res, 400, badAddress);
      return;
    }
    // Before the body is read: a device without a session this server issued gets nothing parsed.
    const tab = req.headers[SESSION_HEADER];
    const session = sessions.find(typeof tab === 'string' ? tab.slice(0, 64) : '', remote);
    if (!session) {
      req.resume();
      sendJson(res, 401, {
        ok: false,
        error: { code: 'SESSION_UNKNOWN', message: 'This session was not issued by this server (or it was restarted): ask for a new one.' },
      });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === '' ? undefined : (JSON.parse(body) as unknown);
    } catch (e) {
      if (e instanceof BodyTooLarge) refuseTooLarge(req, res);
      else sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
      return;
    }
    const result = await dispatch(opts.ctx, method, input, session, { remote });
    sendJson(res, statusFor(result), result);
    return;
  }
  if (url.pathname === '/healthz') {
    sendJson(res, 200, { ok: true });
    return;
  }
  const pathname = decoded(url.pathname);
  if (pathname === null) {
    sendJson(res, 400, badAddress);
    return;
  }
  serveStatic(opts.staticDir, pathname, res);
}

function serveStatic(dir: string | undefined, pathname: string, res: http.ServerResponse): void {
  if (!dir) {
    res.writeHead(404).end();
    return;
  }
  const root = path.resolve(dir);
  let file = path.resolve(root, '.' + pathname);
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
    // CONTENT_SECURITY_POLICY is checked by csp-evaluator in test/security.test.ts (the scanner reads only literals).
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY; // eng-disable CSP_GLOBAL_CHECK
    headers['cache-control'] = 'no-store';
    headers['x-frame-options'] = 'DENY';
  }
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}

/**
 * Listens on loopback, or with `host` '0.0.0.0' on every IPv4 interface (LAN mode; loopback
 * included). Returns the loopback URL either way: the shop's own computer uses that one.
 */
export async function listen(server: http.Server, port: number, host: '127.0.0.1' | '0.0.0.0' = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return `http://127.0.0.1:${addr.port}`;
}
