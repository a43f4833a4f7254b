/**
 * `regulars sync`: this install's changes out to a shared folder as its next feed file, and every
 * other install's new feed files from it applied (docs/architecture.md, "Feeds").
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clockWarnings } from '../sync/clockDrift';
import { checkSyncFolder, FolderStore } from '../sync/folderStore';
import { syncWith, type SyncReport } from '../sync/sync';
import { openSetUpShop } from './shopFolder';
import { CopiedInstall } from '../sync/adopt';
import { sameTag, takeNewIdentity } from '../sync/identity';
import { perTill } from '../sync/perTill';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FeedStore } from '../sync/feedFile';

/** Two tills with one number: said on both, the later one told what to run (`sync` or `hub`, the command that found it). */
export function sameTagLines(same: Awaited<ReturnType<typeof sameTag>>, command: 'sync' | 'hub' = 'sync'): string[] {
  return same.map((s) =>
    s.renewHere
      ? `Till ${s.install} on another computer also has this till's number ${s.tag}, so their codes would collide; this till was set up later: run ${command} again with --new-identity.`
      : `Till ${s.install} on another computer also has this till's number ${s.tag}; it was set up later and must take a new number (${command} --new-identity there).`,
  );
}

/** `--new-identity` of `sync` and `hub`: a new id and number for a copy, only a new number for the later of two tills with one number. */
export async function renewIdentity(
  db: Kysely<Database>,
  dir: string,
  store: FeedStore,
  nowMs: number,
  json: boolean,
  out: (s: string) => void,
) {
  const renewTag = (await sameTag(db)).some((s) => s.renewHere);
  const r = await takeNewIdentity(db, dir, store, nowMs, !renewTag);
  if (!json)
    out(
      `This till is now till ${r.now.tag} (was ${r.was.tag}); ${r.moved.sales} purchases and ${r.moved.points} points rows move with it.`,
    );
}

export const SYNC_HELP = `  sync      Exchange changes with the shop's other tills through a shared folder (a USB stick, Dropbox, a network share).
            --folder DIR (never inside the data folder) [--json] machine-readable output.
            Exit 1 when a file in the folder was refused (damaged or cut short): the rest is applied, that till's later files wait.
            --new-identity: this till takes a new identity first (a copy of another till's data in use elsewhere,
            or the later of two tills with one number: the sync says when).`;

export async function syncCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: { 'data-dir'?: string; folder?: string; json?: boolean; 'new-identity'?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string' },
        folder: { type: 'string' },
        json: { type: 'boolean' },
        'new-identity': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  if (!values.folder) throw usageError('sync needs --folder DIR: the folder the tills share.');
  const dir = dataDirOf(values['data-dir']);
  const folder = path.resolve(values.folder);
  const wrong = checkSyncFolder(folder, dir);
  if (wrong) throw usageError(wrong);
  const backend = await openSetUpShop(dir, 'sync', usageError);
  let report: SyncReport;
  let same: Awaited<ReturnType<typeof sameTag>>;
  try {
    if (values['new-identity'])
      await renewIdentity(backend.ctx.db, dir, new FolderStore(folder), backend.ctx.now().getTime(), Boolean(values.json), out);
    report = await syncWith(backend.ctx.db, new FolderStore(folder), backend.ctx.now);
    same = await sameTag(backend.ctx.db);
  } catch (e) {
    if (!(e instanceof CopiedInstall)) throw e;
    out(values.json ? JSON.stringify({ copiedInstall: true, message: e.message }) : e.message);
    return 1;
  } finally {
    await backend.close();
  }
  out(values.json ? JSON.stringify({ ...report, sameTag: same }) : [describe(report), ...sameTagLines(same)].join('\n'));
  return report.problems.length > 0 ? 1 : 0;
}

type Others = {
  merges: number;
  floors: number;
  ratings: number;
  segments: number;
  settings: number;
  campaigns: number;
  coupons: number;
  audit: number;
};
const OTHERS: [keyof Others, string][] = [
  ['merges', 'merges'],
  ['floors', 'tier floors'],
  ['ratings', 'ratings'],
  ['segments', 'segments'],
  ['settings', 'settings'],
  ['campaigns', 'campaigns'],
  ['coupons', 'coupons'],
  ['audit', 'audit log rows'],
];

/** Merges, tier floors, ratings, segments, settings, campaigns, coupons and audit rows, named only when there were some. */
const others = (x: Partial<Others>): string =>
  OTHERS.filter(([k]) => Number(x[k] ?? 0) > 0)
    .map(([k, what]) => `, ${x[k]} ${what}`)
    .join('');

type Counts = { customers: number; cards: number; sales: number; voids: number; points: number } & Partial<Others>;

const feeds = (first: number, last: number): string => (first === last ? `feed ${first}` : `feeds ${first}–${last}`);

export function describe(r: SyncReport): string {
  const e = r.exported;
  const counts = (x: Counts): string =>
    `${x.customers} customers, ${x.cards} cards, ${x.sales} purchases, ${x.voids} voids, ${x.points} points rows` + others(x);
  const lines = [e.seq === null ? 'Sent: nothing new.' : `Sent ${feeds(e.seq - (e.feeds ?? 1) + 1, e.seq)}: ${counts(e)}.`];
  if (r.applied.length === 0) lines.push('Received: nothing new.');
  for (const t of perTill(r.applied)) lines.push(`Received ${feeds(t.first, t.seq)} of till ${t.install}: ${counts(t)}.`);
  for (const p of r.problems)
    lines.push(`Refused feed ${p.seq} of till ${p.install} (${p.kind}): ${p.message}. Nothing of it was applied.`);
  for (const w of r.waiting) lines.push(`Waiting for feed ${w.seq} of till ${w.install}: ${w.reason}.`);
  for (const d of r.applied.flatMap((a) => a.duplicates))
    lines.push(
      `Possible duplicate: ${d.customer.code} ${d.customer.fullName} and ${d.other.code} ${d.other.fullName} (same ${d.matchedOn}); ` +
        'if they are one person, merge them on the customer page.',
    );
  for (const line of clockWarnings(r.clocks)) lines.push(line);
  return lines.join('\n');
}
