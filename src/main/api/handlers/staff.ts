import type { StaffStatus } from '../../../shared/contract/staff';
import { AppError } from '../../../shared/errors';
import { localDayRange, startOfLocalDay } from '../../../shared/time';
import type { Ctx } from '../../services/context';
import { getSettings } from '../../services/settings';
import {
  accountForPin,
  createStaff,
  generation,
  listAudit,
  listStaff,
  recordFailure,
  recordSuccess,
  responsibleFor,
  setResponsible,
  setupOwner,
  staffNames,
  updateStaff,
  waitBeforeTry,
  writeAudit,
} from '../../services/staff';
import { accountsExist } from '../access';
import { APPROVAL_MS, signOut, type Session } from '../session';
import type { HandlerMap } from '../types';

function status(ctx: Ctx, session: Session | undefined): StaffStatus {
  const signedIn = session?.staffId && session.role ? { id: session.staffId, name: session.name ?? '', role: session.role } : null;
  return { accountsExist: accountsExist(ctx), signedIn };
}

function needSession(session: Session | undefined): Session {
  if (!session) throw new AppError('VALIDATION', 'Signing in is for the app’s windows; the command line needs no PIN.');
  return session;
}

/** The account a PIN belongs to, after the wait wrong PINs earned; a wrong one is logged and slows the next. */
async function checkPin(ctx: Ctx, pin: string, purpose: string) {
  const wait = waitBeforeTry(ctx.db, ctx.now().getTime());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new AppError('PIN_WAIT', `Too many wrong PINs; wait ${seconds} s.`, { params: { seconds } });
  }
  const member = await accountForPin(ctx.db, pin);
  if (!member) {
    recordFailure(ctx.db, ctx.now().getTime());
    writeAudit(ctx, { staffId: null, staffName: null, via: 'app', action: 'staff.pinFailed', detail: { purpose } });
    throw new AppError('PIN_WRONG', 'That PIN is not right.', { field: 'pin' });
  }
  recordSuccess(ctx.db);
  return member;
}

export const staffHandlers: HandlerMap<
  | 'staff.status'
  | 'staff.setupOwner'
  | 'staff.signIn'
  | 'staff.signOut'
  | 'staff.approve'
  | 'staff.list'
  | 'staff.names'
  | 'staff.create'
  | 'staff.update'
  | 'audit.list'
  | 'staff.responsibleFor'
  | 'staff.setResponsible'
> = {
  'staff.status': async (ctx, _input, session) => status(ctx, session),
  'staff.setupOwner': async (ctx, input, session) => {
    const owner = await setupOwner(ctx, input.name, input.pin);
    // Whoever set the shop up stays signed in as its owner.
    if (session) Object.assign(session, { staffId: owner.id, name: owner.name, role: owner.role, generation: generation(ctx.db) });
    return owner;
  },
  'staff.signIn': async (ctx, input, session) => {
    const s = needSession(session);
    const member = await checkPin(ctx, input.pin, 'signIn');
    signOut(s);
    Object.assign(s, { staffId: member.id, name: member.name, role: member.role, generation: generation(ctx.db), lastActive: Date.now() });
    return status(ctx, s);
  },
  'staff.signOut': async (ctx, _input, session) => {
    if (session) signOut(session);
    return status(ctx, session);
  },
  'staff.approve': async (ctx, input, session) => {
    const s = needSession(session);
    const approver = await checkPin(ctx, input.pin, 'approve');
    if (approver.role === 'staff')
      throw new AppError('OWNER_ONLY', 'Only a manager’s or the owner’s PIN can approve this.', { field: 'pin' });
    s.approval = { method: input.method, byName: approver.name, until: Date.now() + APPROVAL_MS };
    return { approvedBy: approver.name };
  },
  'staff.list': (ctx) => listStaff(ctx),
  'staff.names': (ctx) => staffNames(ctx),
  'staff.create': (ctx, input) => createStaff(ctx, input),
  'staff.update': (ctx, input) => updateStaff(ctx, input),
  'staff.responsibleFor': (ctx, input) => responsibleFor(ctx, input.customerId),
  'staff.setResponsible': (ctx, input) => setResponsible(ctx, input.customerId, input.staffId),
  'audit.list': async (ctx, input) => {
    const { timeZone } = await getSettings(ctx.db);
    return listAudit(ctx, {
      ...input,
      from: input.from !== undefined ? startOfLocalDay(input.from, timeZone).toISOString() : undefined,
      to: input.to !== undefined ? localDayRange(startOfLocalDay(input.to, timeZone), timeZone).to : undefined,
    });
  },
};
