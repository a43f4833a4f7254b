/**
 * Every migration, in order, imported statically (a bundle has no folder to scan).
 * Names sort as numbers with gaps (0010, 0020…) so a later fix can slot in between.
 */
import type { Kysely } from 'kysely';
import * as m0010 from './0010_initial';

export interface Migration {
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

export const migrations: Migration[] = [{ name: '0010_initial', up: m0010.up }];
