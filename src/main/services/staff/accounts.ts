/**
 * Staff accounts: the owner first, then the people at the till, each with a PIN unique in the shop.
 * Uniqueness is checked against every active account's hash (a few slow hashes, in parallel): a
 * PIN must say who is signing in, and nothing in the file may find it faster than its hash does.
 * Every change bumps `generation`, so dispatch re-reads a signed-in account it remembered (a
 * deactivated person is signed out at their next call, a demoted owner loses the owner's calls).
 */
import type { Kysely } from 'kysely';
import type { StaffMember, StaffName, StaffRole } from '../../../shared/contract/staff';
import { AppError } from '../../../shared/errors';
import { immediateTransaction } from '../../db/busy';
import type { Database } from '../../db/schema';
import { newId, type Ctx } from '../context';
import { hashPin, pinMatches } from './pins';

const generations = new WeakMap<Kysely<Database>, number>();

export function generation(db: Kysely<Database>): number {
  return generations.get(db) ?? 0;
}

function bump(db: Kysely<Database>): void {
  generations.set(db, generation(db) + 1);
}

interface Row {
  id: string;
  name: string;
  role: StaffRole;
  pin_hash: string;
  active: number;
  created_at: string;
}

const toMember = (r: Row): StaffMember => ({ id: r.id, name: r.name, role: r.role, active: r.active === 1, createdAt: r.created_at });

export async function anyAccounts(db: Kysely<Database>): Promise<boolean> {
  const r = await db.selectFrom('staff').select('id').where('active', '=', 1).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function listStaff(ctx: Ctx): Promise<StaffMember[]> {
  const rows = await ctx.db.selectFrom('staff').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toMember);
}

export async function staffNames(ctx: Ctx): Promise<StaffName[]> {
  const rows = await ctx.db.selectFrom('staff').select(['id', 'name', 'active']).orderBy('active', 'desc').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
}

export async function getStaff(db: Kysely<Database>, id: string): Promise<StaffMember | null> {
  const r = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMember(r) : null;
}

async function activeRows(db: Kysely<Database>): Promise<Row[]> {
  return db.selectFrom('staff').selectAll().where('active', '=', 1).execute();
}

/** The active account whose PIN this is, or null. Every hash is tried, so the time says nothing about which. */
export async function accountForPin(db: Kysely<Database>, pin: string): Promise<StaffMember | null> {
  const rows = await activeRows(db);
  const matches = await Promise.all(rows.map((r) => pinMatches(pin, r.pin_hash)));
  const i = matches.indexOf(true);
  return i < 0 ? null : toMember(rows[i]!);
}

async function refuseTakenPin(db: Kysely<Database>, pin: string, exceptId: string | null): Promise<void> {
  const other = await accountForPin(db, pin);
  if (other && other.id !== exceptId)
    throw new AppError('PIN_TAKEN', 'Another account already has this PIN; choose another.', { field: 'pin' });
}

export async function setupOwner(ctx: Ctx, name: string, pin: string): Promise<StaffMember> {
  const hash = await hashPin(pin);
  const member = await immediateTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('staff').select('id').limit(1).executeTakeFirst();
    if (existing) throw new AppError('STAFF_ALREADY_SET_UP', 'The shop already has accounts; the owner adds people on the Staff page.');
    return insert(ctx, trx, name, 'owner', hash);
  });
  bump(ctx.db);
  return member;
}

async function insert(ctx: Ctx, db: Kysely<Database>, name: string, role: StaffRole, pinHash: string): Promise<StaffMember> {
  const at = ctx.now().toISOString();
  const row: Row = { id: newId(), name, role, pin_hash: pinHash, active: 1, created_at: at };
  await db
    .insertInto('staff')
    .values({ ...row, updated_at: at })
    .execute();
  return toMember(row);
}

export async function createStaff(ctx: Ctx, input: { name: string; role: StaffRole; pin: string }): Promise<StaffMember> {
  // The hashes are checked and made before the write lock: they take a while and read nothing that changes often.
  await refuseTakenPin(ctx.db, input.pin, null);
  const hash = await hashPin(input.pin);
  const member = await insert(ctx, ctx.db, input.name, input.role, hash);
  bump(ctx.db);
  return member;
}

export async function updateStaff(
  ctx: Ctx,
  input: { id: string; name?: string; role?: StaffRole; active?: boolean; pin?: string },
): Promise<StaffMember> {
  if (input.pin !== undefined) await refuseTakenPin(ctx.db, input.pin, input.id);
  const hash = input.pin !== undefined ? await hashPin(input.pin) : undefined;
  const member = await immediateTransaction(ctx.db, async (trx) => {
    const before = await getStaff(trx, input.id);
    if (!before) throw new AppError('NOT_FOUND', 'No such staff account.', { field: 'id' });
    const role = input.role ?? before.role;
    const active = input.active ?? before.active;
    if (before.role === 'owner' && before.active && (role !== 'owner' || !active)) {
      const owners = await trx
        .selectFrom('staff')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'owner')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      if (Number(owners.n) <= 1) throw new AppError('STAFF_LAST_OWNER', 'The shop must keep an active owner.', { field: 'role' });
    }
    await trx
      .updateTable('staff')
      .set({
        name: input.name ?? before.name,
        role,
        active: active ? 1 : 0,
        ...(hash !== undefined ? { pin_hash: hash } : {}),
        updated_at: ctx.now().toISOString(),
      })
      .where('id', '=', input.id)
      .execute();
    return { ...before, name: input.name ?? before.name, role, active };
  });
  bump(ctx.db);
  return member;
}

/**
 * The documented recovery for a forgotten owner PIN (CLI `reset-owner-pin`): whoever can reach the
 * shop's files may set a new PIN for the first active owner, or make an owner if there is none.
 */
export async function resetOwnerPin(ctx: Ctx, pin: string): Promise<StaffMember> {
  const owner = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('role', '=', 'owner')
    .where('active', '=', 1)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!owner) return insert(ctx, ctx.db, 'Owner', 'owner', await hashPin(pin));
  await refuseTakenPin(ctx.db, pin, owner.id);
  await ctx.db
    .updateTable('staff')
    .set({ pin_hash: await hashPin(pin), updated_at: ctx.now().toISOString() })
    .where('id', '=', owner.id)
    .execute();
  bump(ctx.db);
  return toMember(owner);
}
