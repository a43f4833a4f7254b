/**
 * A compact audit log (issue 19): a row per sale at the counter was ~180 bytes (an ISO time, the
 * method's name, the staff member's UUID and name, and JSON repeating the sale's id, customer,
 * amount and points), as large as the sale itself. Now:
 *  - `at`: ms since the epoch (the index on it shrinks with it);
 *  - `staff`: the account's 16-byte id; its name is the staff table's (accounts are deactivated,
 *    never deleted);
 *  - `cli`: 1 for the command line, 0 for a window or tab;
 *  - `action`: a code from services/staff/auditActions.ts (the list as of this migration below),
 *    0 for one without a code, its name then in `detail`;
 *  - `sale`: for a purchase at the counter, the sale's key: what the row showed is read from the
 *    sale (its id, customer, amount, points), `detail` stays null;
 *  - `detail`: the ids and counts of other calls, JSON, null when there are none.
 * Old rows are copied with their detail as it was. Append-only, as before.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

/** services/staff/auditActions.ts as of this migration (codes are positions + 1; the list only grows). */
const ACTIONS_0103 = [
  'sales.record',
  'sales.void',
  'customers.create',
  'customers.update',
  'cards.issue',
  'cards.setStatus',
  'cards.replace',
  'points.adjust',
  'exports.contacts',
  'imports.commit',
  'customerImport.commit',
  'settings.update',
  'staff.signIn',
  'staff.signOut',
  'staff.pinFailed',
  'staff.approve',
  'staff.create',
  'staff.update',
  'staff.setupOwner',
  'staff.resetOwnerPin',
  'staff.setResponsible',
  'lan.setAccess',
  'tiers.setRule',
  'lifecycle.setRule',
  'segments.save',
  'segments.delete',
  'campaigns.create',
  'campaigns.issue',
  'campaigns.setPaused',
  'coupons.void',
  'tiers.setFloor',
  'tiers.clearFloor',
  'earning.setRule',
  'receipts.setLayout',
  'feedback.record',
  'followups.setRule',
  'followups.segment',
  'customers.merge',
  'customers.erase',
  'customers.exportOne',
  'shop.exportAll',
  'backups.take',
  'backups.setFolder',
  'backups.restore',
  'sync.setFolder',
  'sync.run',
];

export async function up(db: Kysely<any>): Promise<void> {
  const codes = ACTIONS_0103.map((a, i) => `WHEN '${a}' THEN ${i + 1}`).join(' ');
  const statements = [
    `DROP TRIGGER audit_log_no_update`,
    `DROP TRIGGER audit_log_no_delete`,
    `DROP INDEX audit_log_at`,
    `ALTER TABLE audit_log RENAME TO audit_log_0094`,
    `CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      staff BLOB,
      cli INTEGER NOT NULL CHECK (cli IN (0, 1)),
      action INTEGER NOT NULL,
      sale INTEGER,
      detail TEXT,
      approved_by TEXT
    ) STRICT`,
    // A UUID's 32 hex digits as its 16 bytes (what keys.ts storedGid makes); any other id as its text's bytes.
    `INSERT INTO audit_log (seq, at, staff, cli, action, sale, detail, approved_by)
      SELECT seq,
        CAST(round(unixepoch(at, 'subsec') * 1000) AS INTEGER),
        CASE
          WHEN staff_id IS NULL THEN NULL
          WHEN length(staff_id) = 36 AND unhex(replace(staff_id, '-', '')) IS NOT NULL THEN unhex(replace(staff_id, '-', ''))
          ELSE CAST(staff_id AS BLOB)
        END,
        CASE via WHEN 'cli' THEN 1 ELSE 0 END,
        CASE action ${codes} ELSE 0 END,
        NULL,
        CASE
          WHEN (CASE action ${codes} ELSE 0 END) = 0 THEN json_set(detail, '$.action', action)
          WHEN detail = '{}' THEN NULL
          ELSE detail
        END,
        approved_by
      FROM audit_log_0094 ORDER BY seq`,
    `DROP TABLE audit_log_0094`,
    `CREATE INDEX audit_log_at ON audit_log(at)`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
