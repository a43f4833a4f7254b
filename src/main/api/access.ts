/**
 * The role check dispatch runs for a call from a window or tab (roles.ts says what each method
 * needs). A shop without active accounts allows everything; that question is one prepared
 * statement (~2 µs), so the counter's sale pays nothing noticeable for it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Method } from '../../shared/contract';
import type { Role } from '../../shared/contract/roles';
import { AppError } from '../../shared/errors';
import { localDayRange } from '../../shared/time';
import { preparedFirst } from '../db/prepared';
import type { Ctx } from '../services/context';
import { factKey } from '../services/keys';
import { getSettings } from '../services/settings';
import { generation, getStaff } from '../services/staff';
import { IDLE_SIGN_OUT_MS, signOut, type Session } from './session';

const anyActive = new WeakMap<BetterSqlite3.Database, () => unknown>();

export function accountsExist(ctx: Ctx): boolean {
  if (!ctx.sqlite) throw new Error('the role check needs the raw database handle');
  let q = anyActive.get(ctx.sqlite);
  if (!q) {
    q = preparedFirst({ db: ctx.db, sqlite: ctx.sqlite }, ctx.db.selectFrom('staff').select('id').where('active', '=', 1).limit(1));
    anyActive.set(ctx.sqlite, q);
  }
  return q() !== undefined;
}

/** The session's account as it is now: a deactivated person is signed out, a changed role taken. */
async function refresh(ctx: Ctx, session: Session): Promise<void> {
  const now = Date.now();
  if (session.staffId && now - session.lastActive > IDLE_SIGN_OUT_MS) signOut(session);
  session.lastActive = now;
  const gen = generation(ctx.db);
  if (!session.staffId || session.generation === gen) return;
  const member = await getStaff(ctx.db, session.staffId);
  session.generation = gen;
  if (!member || !member.active) signOut(session);
  else {
    session.name = member.name;
    session.role = member.role;
  }
}

export const signInRequired = (): AppError => new AppError('SIGN_IN_REQUIRED', 'Sign in with your PIN first.');
const lanNeedsStaff = (): AppError =>
  new AppError('LAN_NEEDS_STAFF', "Access from another device needs staff accounts: set up the owner's PIN on the shop's computer first.");

/**
 * Checks a call's role before its input is read. Returns who approved it when a manager's PIN let
 * a non-owner through (the caller consumes the approval once the call succeeds). `remote`: the call
 * came from another device on the LAN, which is never let in on a shop without accounts.
 */
export async function checkRole(
  ctx: Ctx,
  session: Session,
  method: Method,
  role: Role,
  remote = false,
): Promise<{ approvedBy: string | null }> {
  // `serve --lan` refuses to start without accounts, but a restored backup may have none: another
  // device on the LAN is then refused everything, even setting up an owner, rather than let in.
  if (remote && !accountsExist(ctx)) throw lanNeedsStaff();
  if (role === 'open' || !accountsExist(ctx)) return { approvedBy: null };
  await refresh(ctx, session);
  if (!session.staffId) throw signInRequired();
  if (role === 'staff' || session.role === 'owner') return { approvedBy: null };
  return ownerOrApproved(session, method);
}

function ownerOrApproved(session: Session, method: string): { approvedBy: string | null } {
  if (session.role === 'owner') return { approvedBy: null };
  const a = session.approval;
  if (a && a.method === method && a.until >= Date.now()) return { approvedBy: a.byName };
  throw new AppError('OWNER_ONLY', 'Only the owner may do this; a manager can approve it with their PIN.', { params: { method } });
}

/**
 * Calls whose role depends on what they touch: voiding a purchase from before today is the
 * owner's (a till's own mistakes are fixed the same day). Runs after the input is parsed.
 */
export async function checkInputRole(
  ctx: Ctx,
  session: Session,
  method: Method,
  input: unknown,
  approvedBy: string | null,
): Promise<{ approvedBy: string | null }> {
  if (method !== 'sales.void' || session.role === 'owner' || approvedBy !== null || !accountsExist(ctx)) return { approvedBy };
  const { saleId } = input as { saleId: string };
  // An id that names no purchase: the void itself says NOT_FOUND.
  const key = factKeyOrNull(saleId);
  const sale = key === null ? undefined : await ctx.db.selectFrom('sales').select('sold_at').where('id', '=', key).executeTakeFirst();
  if (!sale) return { approvedBy };
  const { timeZone } = await getSettings(ctx.db);
  if (sale.sold_at >= Date.parse(localDayRange(ctx.now(), timeZone).from)) return { approvedBy };
  return ownerOrApproved(session, method);
}

function factKeyOrNull(id: string): number | null {
  try {
    return factKey(id, 'purchase', 'saleId');
  } catch {
    return null;
  }
}
