/**
 * The hub's connection URL and what a connection failure means, in words a shop owner or the
 * chain's IT person can act on. The URL may carry the role's password: nothing here ever prints
 * it (messages name the host, port, database and role only, and any text the driver returns is
 * scrubbed of the password before it is shown).
 */

export interface HubAddress {
  host: string;
  port: string;
  database: string;
  role: string;
  /** The URL with its password replaced by ***: safe for a message or a log. */
  safe: string;
}

/** Parses a postgres:// URL without echoing it back on failure (it may hold a password); null when it is not one. */
export function hubAddress(url: string): HubAddress | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return null;
  if (!u.hostname && !u.searchParams.get('host')) return null;
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const role = decodeURIComponent(u.username);
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return {
    host: u.hostname || (u.searchParams.get('host') ?? ''),
    port: u.port || '5432',
    database: database || role || '(the role’s name)',
    role: role || '(the login name)',
    safe: safe.toString(),
  };
}

/** The password in a URL (raw and decoded), for scrubbing messages; empty when there is none. */
function secrets(url: string): string[] {
  try {
    const p = new URL(url).password;
    return p ? [...new Set([p, decodeURIComponent(p)])].filter((s) => s.length > 0) : [];
  } catch {
    // An unparseable URL may still be in a message whole: scrub all of it.
    return url ? [url] : [];
  }
}

export function scrub(text: string, url: string): string {
  let out = text.split(url).join(hubAddress(url)?.safe ?? '***');
  for (const s of secrets(url)) out = out.split(s).join('***');
  return out;
}

/** What went wrong with the hub, for a page that says it in the shop's language (the Sync page). */
export type HubProblemKind = 'unreachable' | 'auth' | 'noPassword' | 'noDatabase' | 'permission' | 'tls' | 'newerHub';

/** A failure to use the hub, said for people; the message and the detail never hold the password. */
export class HubUnavailable extends Error {
  constructor(
    message: string,
    readonly kind: HubProblemKind,
    /** The driver's own words (scrubbed), for the chain's IT person. */
    readonly detail: string = '',
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

/** Says what a `pg` error means for this hub, or null when it is not about reaching or using it (a bug: shown as is). */
export function explainHubError(e: unknown, url: string): HubUnavailable | null {
  if (e instanceof HubUnavailable) return e;
  const a = hubAddress(url);
  if (!a) return null;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  // The shop file's own errors (busy, constraint) are not the hub's.
  if (code.startsWith('SQLITE') || code === 'SHOP_FILE_BUSY') return null;
  // An AggregateError (every address of a name refused) may carry only its code.
  const raw = scrub((typeof err?.message === 'string' && err.message) || code || String(e), url);
  const where = `the hub at ${a.host}:${a.port}`;
  if (UNREACHABLE.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(raw))
    return new HubUnavailable(
      `Cannot reach ${where} (${raw}): check the address, that the server is running and accepts connections from this computer (listen_addresses, pg_hba.conf, a firewall), then sync again. Nothing was sent or applied.`,
      'unreachable',
      raw,
    );
  // No password in the URL, $PGPASSWORD or ~/.pgpass, and the server asks for one (scram says so in these words).
  if (/client password must be a string|password must be a string/i.test(raw))
    return new HubUnavailable(
      `${where} asks role ${a.role} for a password and none was given: type it on the Sync page, or set $PGPASSWORD or ~/.pgpass on this computer. Nothing was sent or applied.`,
      'noPassword',
      raw,
    );
  if (code === '28P01' || code === '28000')
    return new HubUnavailable(
      `${where} refused role ${a.role} (${raw}): check the role and its password, and that pg_hba.conf lets it connect from this computer. Nothing was sent or applied.`,
      'auth',
      raw,
    );
  if (code === '3D000')
    return new HubUnavailable(
      `${where} has no database ${a.database}: create it for the hub first (see README, "A chain's hub").`,
      'noDatabase',
      raw,
    );
  if (code === '42501')
    return new HubUnavailable(
      `Role ${a.role} may not create or use the hub's tables in database ${a.database} (${raw}): make it the database's owner (see README, "A chain's hub").`,
      'permission',
      raw,
    );
  if (/SSL|TLS|certificate/i.test(raw))
    return new HubUnavailable(
      `A secure connection to ${where} failed (${raw}): check the URL's sslmode and the server's certificate.`,
      'tls',
      raw,
    );
  return null;
}
