/**
 * Staff accounts, PINs, signing in at the till and the audit log (issue 19). Who may call what is
 * in roles.ts; a shop without accounts runs as before, everything allowed.
 */
import { z } from 'zod';
import { id, isoDate, out } from './schema';

export const STAFF_ROLES = ['owner', 'manager', 'staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** 4 to 8 digits: short enough for a till, never as long as a card number (a scan is never a PIN). */
export const PIN_MIN = 4;
export const PIN_MAX = 8;
export const pin = z
  .string()
  .max(64)
  .refine((s) => new RegExp(`^[0-9]{${PIN_MIN},${PIN_MAX}}$`).test(s), {
    message: `a PIN is ${PIN_MIN} to ${PIN_MAX} digits`,
    params: { reason: 'pin', min: PIN_MIN, max: PIN_MAX },
  });

const staffName = z
  .string()
  .max(80)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, { message: 'a name is required', params: { reason: 'required' } });

export interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  createdAt: string;
}

export interface StaffName {
  id: string;
  name: string;
  active: boolean;
}

/** Who this window (or browser tab) is signed in as. */
export interface StaffStatus {
  /** False: a shop run by one person without PINs, where everything is allowed. */
  accountsExist: boolean;
  signedIn: { id: string; name: string; role: StaffRole } | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  /** Null: nobody signed in (a shop without accounts) or the command line (`via` says which). */
  staffId: string | null;
  staffName: string | null;
  /** 'app' or 'cli'. */
  via: string;
  /** A contract method, or 'staff.pinFailed' for a wrong PIN. */
  action: string;
  /** Ids and counts only (never a customer's name or phone), JSON. */
  detail: Record<string, unknown>;
  approvedBy: string | null;
  /** The till (install tag) where it was done: rows of every till arrive by sync. */
  till: number | null;
}

export const staffContract = {
  'staff.status': { input: z.object({}).optional(), output: out<StaffStatus>() },
  /** The first account, always the owner; refused once any account exists. */
  'staff.setupOwner': { input: z.object({ name: staffName, pin }), output: out<StaffMember>() },
  'staff.signIn': { input: z.object({ pin }), output: out<StaffStatus>() },
  /** Locks the till: the next person signs in with their PIN. */
  'staff.signOut': { input: z.object({}).optional(), output: out<StaffStatus>() },
  /**
   * A manager's or the owner's PIN lets the person signed in make one owner-only call of
   * `method` (within two minutes); the approver is named in the audit log.
   */
  'staff.approve': { input: z.object({ pin, method: z.string().min(1).max(64) }), output: out<{ approvedBy: string }>() },
  'staff.list': { input: z.object({}).optional(), output: out<StaffMember[]>() },
  /**
   * Every account's name, active ones first, for the customer list's "responsible" filter: anyone
   * signed in reads the names on customer pages already; roles and the rest stay in staff.list.
   */
  'staff.names': { input: z.object({}).optional(), output: out<StaffName[]>() },
  'staff.create': { input: z.object({ name: staffName, role: z.enum(STAFF_ROLES), pin }), output: out<StaffMember>() },
  'staff.update': {
    input: z.object({
      id,
      name: staffName.optional(),
      role: z.enum(STAFF_ROLES).optional(),
      active: z.boolean().optional(),
      pin: pin.optional(),
    }),
    output: out<StaffMember>(),
  },
  /** The staff member responsible for a customer (shown on the customer page), or null. */
  'staff.responsibleFor': { input: z.object({ customerId: id }), output: out<{ staffId: string; name: string } | null>() },
  /** The owner names (or, with null, clears) the staff member responsible for a customer. */
  'staff.setResponsible': {
    input: z.object({ customerId: id, staffId: id.nullable() }),
    output: out<{ staffId: string; name: string } | null>(),
  },
  /** Newest first, a page at a time (`before` = the last seq seen). */
  'audit.list': {
    input: z.object({
      from: isoDate.optional(),
      to: isoDate.optional(),
      staffId: id.optional(),
      action: z.string().max(64).optional(),
      before: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: out<{ entries: AuditEntry[]; more: boolean }>(),
  },
};
