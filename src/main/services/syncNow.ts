/**
 * "Sync now" (issue 18): the same sync as `regulars sync`, through the folder the owner chose, one
 * at a time per open shop. The folder and the last result are settings rows of this computer's
 * file, not logged as changes: a path on one till means nothing on another, and neither is synced.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncCounts, SyncDuplicatePair, SyncResult, SyncStatus } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import { isBusyError } from '../db/busy';
import { DB_FILE_NAME } from '../db/open';
import { peerClocks } from '../sync/clockDrift';
import type { FeedStore } from '../sync/feedFile';
import { checkSyncFolder, FolderStore } from '../sync/folderStore';
import { HubStore } from '../sync/hubStore';
import { scrub } from '../sync/hubUrl';
import { syncWith, type SyncReport } from '../sync/sync';
import { CopiedInstall } from '../sync/adopt';
import { sameTag, takeNewIdentity } from '../sync/identity';
import type { Ctx } from './context';
import { readTillSetting as readSetting, writeTillSetting as writeSetting } from './tillSettings';
import { apiId, storedGid } from './keys';
import { connectionUrl, hubProblemOf, hubStatus, readHubUrl, readVia } from './syncHub';
import { perTill } from '../sync/perTill';

const FOLDER_KEY = 'syncFolder';
const LAST_KEY = 'syncLast';
/** Pairs kept in the last result: a first sync of two shops that each entered the same regulars can name many. */
const MAX_DUPLICATES = 50;

/** The shops a sync is running on now (a window and a browser tab share one). */
const running = new WeakSet<Ctx>();

async function readFolder(ctx: Ctx): Promise<string | null> {
  const v = await readSetting(ctx, FOLDER_KEY);
  return typeof v === 'string' && v !== '' ? v : null;
}

function real(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** Checks a chosen folder as the command line does (and through links); throws the reason it cannot be used. */
export function checkFolder(folder: string, dataDir: string): string {
  const field = 'folder';
  const unusable = (reason: string, message: string): AppError =>
    new AppError('SYNC_FOLDER_UNUSABLE', message, { field, params: { reason } });
  if (!path.isAbsolute(folder)) throw unusable('relative', 'Give the whole path of the folder (for example D:\\Sync or /media/usb/sync).');
  const chosen = real(folder);
  const wrong = checkSyncFolder(chosen, real(dataDir));
  if (wrong) throw new AppError('SYNC_FOLDER_HOLDS_SHOP', wrong, { field });
  let st: fs.Stats;
  try {
    st = fs.statSync(chosen);
  } catch {
    throw unusable('missing', `The folder ${folder} does not exist (is the USB stick plugged in?).`);
  }
  if (!st.isDirectory()) throw unusable('notFolder', `${folder} is a file, not a folder.`);
  if (fs.existsSync(path.join(chosen, DB_FILE_NAME)))
    throw new AppError(
      'SYNC_FOLDER_HOLDS_SHOP',
      'That folder holds a shop’s live data file: the live database must never be in a synced folder.',
      {
        field,
      },
    );
  const probe = path.join(chosen, `.regulars-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch {
    throw unusable('readOnly', `Regulars cannot write in ${folder}.`);
  }
  return chosen;
}

export async function syncStatus(ctx: Ctx): Promise<SyncStatus> {
  const folder = await readFolder(ctx);
  const self = await ctx.db.selectFrom('installs').select(['id', 'tag']).where('current', '=', 1).executeTakeFirstOrThrow();
  const state = await ctx.db.selectFrom('sync_state').select('feed_seq').where('id', '=', 1).executeTakeFirst();
  const peers = await ctx.db
    .selectFrom('installs as i')
    .leftJoin('sync_peers as p', 'p.install', 'i.key')
    .select(['i.id', 'i.tag', 'p.feed_seq'])
    .where('i.current', '=', 0)
    .orderBy('i.tag')
    .execute();
  const stored = (await readSetting(ctx, LAST_KEY)) as StoredResult | null;
  const last: SyncResult | null = stored && { ...stored, duplicates: await livePairs(ctx, stored.duplicates) };
  const clocks = new Map((await peerClocks(ctx.db)).map(({ install, tag: _t, ...clock }) => [install, clock]));
  return {
    via: await readVia(ctx),
    hub: await hubStatus(ctx),
    folder,
    folderMissing: folder !== null && !fs.existsSync(folder),
    install: self.id,
    tag: self.tag,
    lastFeed: state?.feed_seq ?? 0,
    running: running.has(ctx),
    last,
    peers: peers.map((p) => ({ install: p.id, tag: p.tag, lastFeed: p.feed_seq ?? 0, clock: clocks.get(p.id) ?? null })),
    sameTag: await sameTag(ctx.db),
  };
}

export async function setSyncFolder(ctx: Ctx, folder: string | null): Promise<SyncStatus> {
  await writeSetting(ctx, FOLDER_KEY, folder === null || folder === '' ? null : checkFolder(folder, ctx.dataDir));
  return syncStatus(ctx);
}

export async function runSync(ctx: Ctx): Promise<SyncStatus> {
  const via = await readVia(ctx);
  const folder = await readFolder(ctx);
  const hub = await readHubUrl(ctx);
  if (via === 'folder' && folder === null) throw new AppError('SYNC_NO_FOLDER', 'Choose the shared folder first.', { field: 'folder' });
  if (via === 'hub' && hub === null) throw new AppError('SYNC_NO_HUB', 'Give the chain hub’s address first.', { field: 'url' });
  if (running.has(ctx)) throw new AppError('SYNC_RUNNING', 'A sync is already running; its result shows when it ends.');
  running.add(ctx);
  const started = performance.now();
  let report: SyncReport | null = null;
  let failed: string | null = null;
  let hubProblem: SyncResult['hubProblem'] = null;
  let copied = false;
  try {
    // The hub is reached before anything is exported: a server that is down costs the counter nothing.
    const store: FeedStore & { close?: () => Promise<void> } =
      via === 'hub' ? await HubStore.open(connectionUrl(ctx, hub!)) : new FolderStore(checkFolder(folder!, ctx.dataDir));
    try {
      report = await syncWith(ctx.db, store, ctx.now);
    } finally {
      await store.close?.();
    }
  } catch (e) {
    // Busy: nothing half-done; dispatch tries the call again. Anything else is this sync's result.
    if (isBusyError(e)) throw e;
    const url = via === 'hub' ? connectionUrl(ctx, hub!) : null;
    const said = url === null ? null : hubProblemOf(e, url);
    hubProblem = said?.problem ?? null;
    const message = e instanceof Error ? e.message : String(e);
    // Any other failure while the hub was in use may still quote the URL: never with its password.
    failed = said?.message ?? (url === null ? message : scrub(message, url));
    copied = e instanceof CopiedInstall;
  } finally {
    running.delete(ctx);
  }
  const result = await resultOf(ctx, report, failed, Math.round(performance.now() - started));
  await writeSetting(ctx, LAST_KEY, { ...result, via, hubProblem, ...(copied ? { copiedInstall: true } : {}) });
  return syncStatus(ctx);
}

/** A copy of another till's data, or one of two tills with one number, becomes a new install (sync/identity.ts). */
export async function newIdentity(ctx: Ctx): Promise<SyncStatus> {
  if (running.has(ctx)) throw new AppError('SYNC_RUNNING', 'A sync is already running; its result shows when it ends.');
  const folder = await readFolder(ctx);
  running.add(ctx);
  try {
    // A copy of another till's data needs a new id; of two tills with one number, a new number is enough.
    const last = (await readSetting(ctx, LAST_KEY)) as StoredResult | null;
    const newId = last?.copiedInstall === true || !(await sameTag(ctx.db)).some((s) => s.renewHere);
    const store = folder !== null && fs.existsSync(folder) ? new FolderStore(folder) : null;
    await takeNewIdentity(ctx.db, ctx.dataDir, store, ctx.now().getTime(), newId);
    await writeSetting(ctx, LAST_KEY, null);
  } finally {
    running.delete(ctx);
  }
  return syncStatus(ctx);
}

async function resultOf(ctx: Ctx, r: SyncReport | null, failed: string | null, ms: number): Promise<StoredResult> {
  const tags = new Map((await ctx.db.selectFrom('installs').select(['id', 'tag']).execute()).map((i) => [i.id, i.tag]));
  const tag = (install: string): number | null => tags.get(install) ?? null;
  const counts = (x: SyncCounts) => ({
    customers: x.customers,
    cards: x.cards,
    sales: x.sales,
    voids: x.voids,
    points: x.points,
    campaigns: x.campaigns ?? 0,
    coupons: x.coupons ?? 0,
    segments: x.segments ?? 0,
    settings: x.settings ?? 0,
  });
  return {
    at: ctx.now().toISOString(),
    ms,
    exported: r && r.exported.seq !== null ? { seq: r.exported.seq, ...counts(r.exported) } : null,
    applied: perTill(r?.applied ?? []).map((a) => ({ install: a.install, tag: tag(a.install), seq: a.seq, ...counts(a) })),
    refused: (r?.problems ?? []).map((p) => ({ install: p.install, tag: tag(p.install), seq: p.seq, kind: p.kind, message: p.message })),
    waiting: (r?.waiting ?? []).map((w) => ({ install: w.install, tag: tag(w.install), seq: w.seq, reason: w.reason })),
    failed,
    duplicates: duplicatePairs(r),
  };
}

/** A pair as kept in the last result: ids only (names are read when shown, so an erasure leaves none behind). */
interface StoredPair {
  customer: string;
  other: string;
  matchedOn: SyncDuplicatePair['matchedOn'];
}
type StoredResult = Omit<SyncResult, 'duplicates'> & { duplicates?: StoredPair[] };

/** The possible duplicates the applied files brought, each pair once, the first MAX_DUPLICATES. */
function duplicatePairs(r: SyncReport | null): StoredPair[] {
  const seen = new Set<string>();
  const out: StoredPair[] = [];
  for (const d of (r?.applied ?? []).flatMap((a) => a.duplicates)) {
    const pair = [d.customer.id, d.other.id].sort().join(' ');
    if (seen.has(pair) || out.length >= MAX_DUPLICATES) continue;
    seen.add(pair);
    out.push({ customer: d.customer.id, other: d.other.id, matchedOn: d.matchedOn });
  }
  return out;
}

/** The kept pairs whose two customers are both still shown (not merged, not erased), with their codes and names now. */
async function livePairs(ctx: Ctx, pairs: StoredPair[] | undefined): Promise<SyncDuplicatePair[] | undefined> {
  if (!pairs) return undefined;
  const ids = [...new Set(pairs.flatMap((p) => [p.customer, p.other]))].flatMap((id) => storedGid(id) ?? []);
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('customers')
    .select(['gid', 'code', 'full_name'])
    .where('gid', 'in', ids)
    .where('erased_at', 'is', null)
    .where('merged_into', 'is', null)
    .execute();
  const live = new Map(rows.map((r) => [apiId(r.gid), { id: apiId(r.gid), code: r.code, name: r.full_name }]));
  return pairs.flatMap((p) => {
    const [customer, other] = [live.get(p.customer), live.get(p.other)];
    return customer && other ? [{ customer, other, matchedOn: p.matchedOn }] : [];
  });
}
