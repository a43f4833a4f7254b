/**
 * Staff accounts and the audit log (issue 19).
 *  - staff: the owner and the staff, each with a PIN kept only as a slow salted hash (scrypt,
 *    services/staff/pins.ts). PINs are unique per shop, which the service checks against every
 *    active account's hash: a hash that could be looked up would undo the salt.
 *  - audit_log: who did what and when, written only by services/staff/audit.ts. Append-only: the
 *    triggers refuse any change or deletion, so a row cannot be edited away from inside the app.
 *    It holds ids and counts, never a customer's name or phone.
 *  - customer_staff: the staff member responsible for a customer (at most one). A table of its own,
 *    not a customers column: the customer row and its search stay as they are, and a customer
 *    without one costs nothing.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [
    `CREATE TABLE staff (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'staff')),
      pin_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      staff_id TEXT,
      staff_name TEXT,
      via TEXT NOT NULL,
      action TEXT NOT NULL,
      detail TEXT NOT NULL,
      approved_by TEXT
    ) STRICT`,
    `CREATE INDEX audit_log_at ON audit_log(at)`,
    `CREATE TABLE customer_staff (
      customer_id TEXT PRIMARY KEY REFERENCES customers(id),
      staff_id TEXT NOT NULL REFERENCES staff(id),
      set_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX customer_staff_staff ON customer_staff(staff_id)`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
  ]) {
    await sql.raw(s).execute(db);
  }
}
