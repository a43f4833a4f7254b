/**
 * `regulars hub`: the same sync as `regulars sync`, through the chain's PostgreSQL hub instead of
 * a folder (docs/architecture.md, "Feeds"). The hub is reached before the shop file is opened, so
 * a server that is down or a wrong password costs the counter nothing. The URL may hold a
 * password: no message prints it.
 */
import { parseArgs } from 'node:util';
import { HubStore } from '../sync/hubStore';
import { explainHubError, hubAddress } from '../sync/hubUrl';
import { CopiedInstall } from '../sync/adopt';
import { sameTag } from '../sync/identity';
import { syncWith, type SyncReport } from '../sync/sync';
import { openSetUpShop } from './shopFolder';
import { describe, renewIdentity, sameTagLines } from './sync';

export const HUB_HELP = `  hub       Exchange changes with the chain's other branches through its PostgreSQL hub (the same sync, a server for a folder).
            --postgres URL  postgres://ROLE:PASSWORD@HOST:5432/DATABASE?sslmode=verify-full (default: $REGULARS_HUB_URL;
                            leave the password out to take it from $PGPASSWORD or ~/.pgpass) [--json] machine-readable output.
            The hub stores feed files, never the shop's database; it creates its tables on first use.
            Exit 1 when the hub cannot be reached or refuses the role, or a feed in it was refused (the rest is applied).
            --new-identity: this till takes a new identity first (a copy of another till's data in use elsewhere,
            or the later of two tills with one number: the hub command says when).`;

export async function hubCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: { 'data-dir'?: string; postgres?: string; json?: boolean; 'new-identity'?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string' },
        postgres: { type: 'string' },
        json: { type: 'boolean' },
        'new-identity': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const url = values.postgres || process.env.REGULARS_HUB_URL || '';
  if (!url) throw usageError('hub needs --postgres URL (or $REGULARS_HUB_URL): the chain hub’s PostgreSQL connection URL.');
  if (!hubAddress(url))
    throw usageError('--postgres is not a PostgreSQL connection URL: write it as postgres://ROLE:PASSWORD@HOST:5432/DATABASE.');
  const dir = dataDirOf(values['data-dir']);

  let hub: HubStore;
  try {
    hub = await HubStore.open(url);
  } catch (e) {
    throw explainHubError(e, url) ?? e;
  }
  let report: SyncReport;
  let same: Awaited<ReturnType<typeof sameTag>>;
  try {
    const backend = await openSetUpShop(dir, 'hub', usageError);
    try {
      if (values['new-identity']) await renewIdentity(backend.ctx.db, dir, hub, backend.ctx.now().getTime(), Boolean(values.json), out);
      report = await syncWith(backend.ctx.db, hub, backend.ctx.now);
      same = await sameTag(backend.ctx.db);
    } catch (e) {
      if (e instanceof CopiedInstall) {
        const message = e.messageFor('hub');
        out(values.json ? JSON.stringify({ copiedInstall: true, message }) : message);
        return 1;
      }
      throw explainHubError(e, url) ?? e;
    } finally {
      await backend.close();
    }
  } finally {
    await hub.close();
  }
  out(values.json ? JSON.stringify({ ...report, sameTag: same }) : [describe(report), ...sameTagLines(same, 'hub')].join('\n'));
  return report.problems.length > 0 ? 1 : 0;
}
