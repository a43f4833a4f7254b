/**
 * The chain's hub on the Sync page (issue 18): whether Sync now goes through the shared folder or
 * the hub, and the hub's address. Both are settings rows of this computer's file, never synced
 * (a till of one branch says where it syncs, not the chain).
 *
 * The password is never written to the shop file: the file is copied into every backup, the second
 * backup folder (often a USB stick), a shop export and a support request, and a password in it
 * would give whoever holds any of those the chain's database. It comes from $PGPASSWORD or
 * ~/.pgpass on this computer (set up once by the chain's IT person, outside the shop's files), or
 * is typed on the page and held in this process's memory until the app closes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SyncHub, SyncHubProblem, SyncVia } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import { explainHubError, hubAddress } from '../sync/hubUrl';
import type { Ctx } from './context';
import { readTillSetting as readSetting, writeTillSetting as writeSetting } from './tillSettings';

const VIA_KEY = 'syncVia';
const HUB_KEY = 'syncHub';

/** Passwords typed on the page, per open shop, for this session only. */
const passwords = new WeakMap<Ctx, string>();

export async function readVia(ctx: Ctx): Promise<SyncVia> {
  return (await readSetting(ctx, VIA_KEY)) === 'hub' ? 'hub' : 'folder';
}

/** The hub's URL as stored: never with a password. */
export async function readHubUrl(ctx: Ctx): Promise<string | null> {
  const v = await readSetting(ctx, HUB_KEY);
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Whether libpq's usual places hold a password this process would find ($PGPASSWORD, $PGPASSFILE or ~/.pgpass). */
function passwordOnComputer(): boolean {
  if (process.env.PGPASSWORD) return true;
  const file =
    process.env.PGPASSFILE || path.join(os.homedir(), process.platform === 'win32' ? 'AppData/Roaming/postgresql/pgpass.conf' : '.pgpass');
  return fs.existsSync(file);
}

export async function hubStatus(ctx: Ctx): Promise<SyncHub | null> {
  const url = await readHubUrl(ctx);
  const a = url === null ? null : hubAddress(url);
  if (url === null || !a) return null;
  return {
    url,
    host: a.host,
    port: a.port,
    database: a.database,
    role: a.role,
    passwordHeld: passwords.has(ctx),
    passwordFromComputer: passwordOnComputer(),
  };
}

export async function setSyncVia(ctx: Ctx, via: SyncVia): Promise<void> {
  await writeSetting(ctx, VIA_KEY, via === 'hub' ? 'hub' : null);
}

/**
 * Stores the hub's URL without its password; a password in the URL or typed beside it is held for the
 * session. A new address forgets the password held for the old one (it was for another server or role);
 * an empty password forgets it. Choosing a hub makes Sync now use it.
 */
export async function setSyncHub(ctx: Ctx, url: string | null, password: string | undefined): Promise<void> {
  if (url === null || url === '') {
    passwords.delete(ctx);
    await writeSetting(ctx, HUB_KEY, null);
    await writeSetting(ctx, VIA_KEY, null);
    return;
  }
  if (!hubAddress(url))
    throw new AppError('SYNC_HUB_URL', 'Write the hub’s address as postgres://ROLE@HOST:5432/DATABASE.', { field: 'url' });
  const u = new URL(url);
  const inUrl = u.password ? decodeURIComponent(u.password) : '';
  u.password = '';
  const stored = u.toString();
  if (stored !== (await readHubUrl(ctx))) passwords.delete(ctx);
  const typed = password !== undefined ? password : inUrl || undefined;
  if (typed === '') passwords.delete(ctx);
  else if (typed !== undefined) passwords.set(ctx, typed);
  await writeSetting(ctx, HUB_KEY, stored);
  await writeSetting(ctx, VIA_KEY, 'hub');
}

/** The URL to connect with: the stored one with the session's password, if one was typed. */
export function connectionUrl(ctx: Ctx, stored: string): string {
  const password = passwords.get(ctx);
  if (!password) return stored;
  const u = new URL(stored);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** What a failure to use the hub means, for the page; null when it is not the hub's (shown as a failed sync). */
export function hubProblemOf(e: unknown, url: string): { problem: SyncHubProblem; message: string } | null {
  const explained = explainHubError(e, url);
  const a = hubAddress(url);
  if (!explained || !a) return null;
  return {
    problem: { kind: explained.kind, host: a.host, port: a.port, database: a.database, role: a.role, detail: explained.detail },
    message: explained.message,
  };
}
