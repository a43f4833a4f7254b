/**
 * Install identity (issue 14): each data folder is one install of the app, with a global id and a
 * small number for humans (the tag) that goes into the codes it creates, so two tills creating
 * offline never hand out the same customer code or card number. The row of the install this file
 * belongs to has current = 1; other rows are installs it descends from or has heard of.
 * `bound_to` is the host and data folder the install was first opened in (db/install.ts): a file
 * found elsewhere is a copy and becomes a new install. An existing shop's file becomes install 1,
 * so its codes keep today's form.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE installs (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    tag INTEGER NOT NULL CHECK (tag >= 1),
    created_at TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0, 1)),
    bound_to TEXT
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX installs_current ON installs(current) WHERE current = 1`.execute(db);
  await sql`INSERT INTO installs (id, tag, created_at, current) VALUES (${uuidv7()}, 1, ${new Date().toISOString()}, 1)`.execute(db);
}
