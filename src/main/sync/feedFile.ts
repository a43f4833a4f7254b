/**
 * A sync feed file: one batch of one install's changes, immutable once written, checked whole
 * before anything in it is applied. The transports (a shared folder, the chain's PostgreSQL hub)
 * move these files as they are and never read inside them; what the entries say is for the
 * export and apply of the changes.
 *
 * Layout: a header line of JSON, then the body, one JSON entry per line.
 *   {"regularsFeed":1,"install":"<id>","seq":12,"entries":340,"bytes":81234,"sha256":"<hex of the body>"}
 * `seq` counts an install's feed files from 1 with no gaps, so a reader knows a file is missing
 * (a synced folder still copying) and waits for it rather than apply a later one around it.
 */
import { createHash } from 'node:crypto';

export const FEED_FORMAT = 1;

export interface FeedHeader {
  regularsFeed: number;
  install: string;
  seq: number;
  entries: number;
  bytes: number;
  sha256: string;
}

export interface Feed {
  header: FeedHeader;
  /** The file exactly as written: what the transports store and move. */
  file: Buffer;
}

/** Why a feed file was refused: nothing in it is applied, and the install's later files wait behind it. */
export type FeedProblemKind = 'malformed' | 'truncated' | 'checksum' | 'misplaced' | 'newer-format';

export class FeedError extends Error {
  constructor(
    readonly kind: FeedProblemKind,
    message: string,
  ) {
    super(message);
  }
}

/** Install ids are UUIDs; the check keeps a folder or hub row from naming a path outside the feed folder. */
export const INSTALL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export function encodeFeed(install: string, seq: number, entries: readonly unknown[]): Feed {
  if (!INSTALL_ID.test(install)) throw new Error(`not an install id: ${install}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`a feed's seq counts from 1, got ${seq}`);
  const body = Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  const header: FeedHeader = { regularsFeed: FEED_FORMAT, install, seq, entries: entries.length, bytes: body.length, sha256: sha256(body) };
  return { header, file: Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]) };
}

function readHeader(file: Buffer): { header: FeedHeader; bodyStart: number } {
  const nl = file.indexOf(0x0a);
  if (nl < 0) throw new FeedError(file.length === 0 ? 'truncated' : 'malformed', 'the file has no header line (empty or cut short)');
  let h: unknown;
  try {
    h = JSON.parse(file.subarray(0, nl).toString('utf8'));
  } catch {
    throw new FeedError('malformed', 'the header line is not JSON: this is not a Regulars feed file, or it is damaged');
  }
  const o = h as Partial<FeedHeader> | null;
  if (!o || typeof o !== 'object' || typeof o.regularsFeed !== 'number')
    throw new FeedError('malformed', 'the header does not name a Regulars feed');
  if (o.regularsFeed > FEED_FORMAT)
    throw new FeedError(
      'newer-format',
      `written by a newer version of Regulars (feed format ${o.regularsFeed}); update this install to read it`,
    );
  const whole =
    typeof o.install === 'string' &&
    INSTALL_ID.test(o.install) &&
    Number.isSafeInteger(o.seq) &&
    o.seq! >= 1 &&
    Number.isSafeInteger(o.entries) &&
    o.entries! >= 0 &&
    Number.isSafeInteger(o.bytes) &&
    o.bytes! >= 0 &&
    typeof o.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(o.sha256);
  if (!whole) throw new FeedError('malformed', 'the header is incomplete');
  return { header: o as FeedHeader, bodyStart: nl + 1 };
}

/**
 * Checks a feed file whole (header, length, checksum, one JSON entry per line) and, when the
 * transport knows whose and which file it should be, that it is that one.
 */
export function verifyFeed(file: Buffer, expected?: { install: string; seq: number }): Feed {
  const { header, bodyStart } = readHeader(file);
  if (expected && (header.install !== expected.install || header.seq !== expected.seq))
    throw new FeedError(
      'misplaced',
      `the file says it is feed ${header.seq} of install ${header.install}, but it is stored as feed ${expected.seq} of ${expected.install}`,
    );
  const body = file.subarray(bodyStart);
  if (body.length < header.bytes)
    throw new FeedError(
      'truncated',
      `cut short: ${body.length.toLocaleString('en')} of ${header.bytes.toLocaleString('en')} bytes (still being copied?)`,
    );
  if (body.length > header.bytes)
    throw new FeedError('malformed', `longer than its header says (${body.length} bytes, not ${header.bytes})`);
  if (sha256(body) !== header.sha256) throw new FeedError('checksum', 'its checksum does not match: the file was damaged or changed');
  let lines = 0;
  for (let at = 0; at < body.length;) {
    const nl = body.indexOf(0x0a, at);
    if (nl < 0) throw new FeedError('malformed', 'the last entry has no line end');
    lines++;
    at = nl + 1;
  }
  if (lines !== header.entries) throw new FeedError('malformed', `it holds ${lines} entries, not the ${header.entries} its header says`);
  return { header, file };
}

/** The entries of a verified feed. */
export function feedEntries(feed: Feed): unknown[] {
  const body = feed.file.subarray(feed.file.indexOf(0x0a) + 1).toString('utf8');
  if (body === '') return [];
  return body
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new FeedError('malformed', `entry ${i + 1} is not JSON`);
      }
    });
}

/** What a reader found in a transport: whole feeds in order per install, and what it had to leave. */
export interface Fetched {
  feeds: Feed[];
  /** A file refused (nothing of it applied; that install's later files wait behind it). */
  problems: { install: string; seq: number; kind: FeedProblemKind; message: string }[];
  /** An install whose next file is not there yet while a later one is (a copy in progress). */
  waiting: { install: string; seq: number }[];
}

/** A place feeds are published to and fetched from: a folder, or the chain's hub. */
export interface FeedStore {
  /** Stores a feed; storing the same file again is a no-op, a different file under the same seq an error. */
  publish(feed: Feed): Promise<void>;
  /**
   * Every install's feeds after `after` (install → last seq already had), except `self`'s, checked;
   * with `only`, that install's next `limit` feeds at most (a sync reads a few at a time, never all).
   */
  fetch(self: string, after: ReadonlyMap<string, number>, only?: FetchBound): Promise<Fetched>;
  /** The installs other than `self` that have a feed after `after`, without reading any. */
  pending(self: string, after: ReadonlyMap<string, number>): Promise<string[]>;
  /** This install's own feeds after `after`, checked, at most `limit` (a batch published in part is adopted: sync/adopt.ts). */
  readOwn?(install: string, after: number, limit: number): Promise<Fetched>;
}

/** One install's next feeds, a few at a time. */
export interface FetchBound {
  install: string;
  limit: number;
}

/** Takes a stream's feeds in seq order, stopping at the first gap or bad file. */
export function takeInOrder(
  install: string,
  after: number,
  available: { seq: number; read: () => Buffer }[],
  out: Fetched,
  limit = Infinity,
): void {
  const sorted = [...available].filter((f) => f.seq > after).sort((a, b) => a.seq - b.seq);
  let next = after + 1;
  for (const f of sorted) {
    if (next > after + limit) return;
    if (f.seq !== next) {
      out.waiting.push({ install, seq: next });
      return;
    }
    try {
      out.feeds.push(verifyFeed(f.read(), { install, seq: f.seq }));
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      out.problems.push({ install, seq: f.seq, kind: e.kind, message: e.message });
      return;
    }
    next++;
  }
}
