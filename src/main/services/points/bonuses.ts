/**
 * Bonuses that are not a purchase's: the sign-up bonus (customers.create in the app; imported
 * customers get none, an import is history, not a welcome) and the birthday bonus.
 *
 * Birthdays are granted by a job at start and daily (backend.ts, after expiry), never at the
 * counter: the sale stays as fast as it was and a customer who does not come that week still gets
 * the points. The job looks at the last BIRTHDAY_DAYS local days, so a shop closed on someone's
 * birthday (or an app not started that day) pays it at the next start. 29 February counts on 28
 * February in other years. Each bonus is one point_bonuses row keyed by (customer, occasion), and
 * the ledger row is written only when that row is new: a rerun, a second till, or a retry never
 * pays twice. Bonus rows are kind 'earn' (the ledger's CHECK knows no other adding kind; the reason
 * says which bonus), a lot each, expiring like earned points.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { birthdayReason, isBirthdayOn, SIGNUP_REASON } from '../../../shared/tiers';
import { expiryOf } from '../../../shared/points';
import { localDate } from '../../../shared/time';
import { changeLogWriter } from '../../db/changeLog';
import { preparedInsert, type SyncDb } from '../../db/prepared';
import { nextTurn, type Ctx } from '../context';
import { addDays } from '../localTime';
import { readSettingsSync } from '../settings';
import { lotRemaining, lotStatements, openLot } from './lots';
import { EARNING_RULE_KEY, parseEarningRule } from './earning';

/** How many local days back (today included) the birthday job pays birthdays it has not paid yet. */
export const BIRTHDAY_DAYS = 7;
/** Customers read per turn of the event loop (a primary-key range, ~1 ms). */
const SCAN_CHUNK = 5_000;

interface BonusStatements {
  claim: BetterSqlite3.Statement;
  insertLedger: (values: unknown[]) => unknown;
  balance: BetterSqlite3.Statement;
  nextLedger: BetterSqlite3.Statement;
  origin: BetterSqlite3.Statement;
  rule: BetterSqlite3.Statement;
  scan: BetterSqlite3.Statement;
}
const cache = new WeakMap<BetterSqlite3.Database, BonusStatements>();

function statements(k: SyncDb): BonusStatements {
  let st = cache.get(k.sqlite);
  if (!st) {
    const prepare = (q: { compile(): { sql: string } }): BetterSqlite3.Statement => k.sqlite.prepare(q.compile().sql);
    st = {
      claim: prepare(
        k.db
          .insertInto('point_bonuses')
          .values({ customer_id: 0, occasion: '', ledger_id: 0 })
          .onConflict((oc) => oc.doNothing()),
      ),
      // Columns spelt out: importing bulk.ts's list would close an import cycle (customers.ts imports this module).
      insertLedger: preparedInsert(k, 'points_ledger', [
        'id',
        'customer_id',
        'kind',
        'points',
        'reason',
        'created_at',
        'lot_debt',
        'expires_at',
        'origin',
      ]),
      // The bonus row is named before it is written (its claim points to it): max + 1, under the write lock.
      nextLedger: prepare(k.db.selectFrom('points_ledger').select((eb) => eb.fn.coalesce(eb.fn.max('id'), sql<number>`0`).as('m'))),
      origin: prepare(k.db.selectFrom('installs').select('key').where('current', '=', sql.lit(1))),
      balance: prepare(
        k.db
          .selectFrom('points_ledger')
          .where('customer_id', '=', 0)
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('b')),
      ),
      rule: prepare(k.db.selectFrom('settings').select('value').where('key', '=', '')),
      scan: prepare(
        k.db
          .selectFrom('customers')
          .select(['id', 'birthday'])
          .where('id', '>', 0)
          .where('birthday', 'is not', null)
          .where('erased_at', 'is', null)
          .orderBy('id')
          .limit(sql.lit(SCAN_CHUNK)),
      ),
    };
    cache.set(k.sqlite, st);
  }
  return st;
}

/**
 * Pays `points` to a customer for an occasion once: nothing when the occasion was already paid or
 * the bonus is 0. Synchronous, inside the caller's transaction. Returns the ledger row's id.
 */
export function grantBonus(
  k: SyncDb,
  b: { customerId: number; occasion: string; points: number; reason: string; at: string; expiryMonths: number | null },
): number | null {
  if (b.points <= 0) return null;
  const st = statements(k);
  const id = Number((st.nextLedger.get() as { m: number }).m) + 1;
  if (st.claim.run(b.customerId, b.occasion, id).changes !== 1) return null;
  // The lot keeps what the balance after this row allows (a balance below zero is owed first).
  const balance = Number((st.balance.get(b.customerId) as { b: number }).b) + b.points;
  const expiresAt = expiryOf(b.at, b.expiryMonths);
  const expiresMs = expiresAt === null ? null : Date.parse(expiresAt);
  const origin = (st.origin.get() as { key: number }).key;
  const kept = lotRemaining(b.points, balance);
  st.insertLedger([id, b.customerId, 'earn', b.points, b.reason, Date.parse(b.at), b.points - kept, expiresMs, origin]);
  openLot(lotStatements(k), b.customerId, expiresMs, Date.parse(b.at), id, kept);
  changeLogWriter(k)('points', id, 'bonus', b.at);
  return id;
}

function earningRuleSync(k: SyncDb) {
  const row = statements(k).rule.get(EARNING_RULE_KEY) as { value: string } | undefined;
  return parseEarningRule(row?.value);
}

/** The sign-up bonus for a customer just created, inside the creating transaction. */
export function grantSignupBonus(k: SyncDb, customerId: number, at: string): void {
  const points = earningRuleSync(k).signupBonus;
  if (points <= 0) return;
  grantBonus(k, {
    customerId,
    occasion: 'signup',
    points,
    reason: SIGNUP_REASON,
    at,
    expiryMonths: readSettingsSync(k).pointsExpiryMonths,
  });
}

export interface BirthdayReport {
  granted: number;
}

/**
 * Pays the birthday bonus to every customer whose birthday fell in the last BIRTHDAY_DAYS local
 * days and who has not had it for that year. Reads customers in primary-key chunks with a turn of
 * the event loop between them; each chunk's grants are one short IMMEDIATE transaction.
 */
export async function grantBirthdays(ctx: Ctx): Promise<BirthdayReport> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('grantBirthdays needs the connection handle (openBackend sets ctx.sqlite)');
  const k = { db: ctx.db, sqlite };
  const report: BirthdayReport = { granted: 0 };
  const rule = earningRuleSync(k);
  if (rule.birthdayBonus <= 0) return report;
  const settings = readSettingsSync(k);
  const today = localDate(ctx.now(), settings.timeZone);
  const days = Array.from({ length: BIRTHDAY_DAYS }, (_, i) => addDays(today, -i));
  let after = 0;
  for (;;) {
    const done = await ctx.db.connection().execute(async () => {
      const write = sqlite.transaction((): number => {
        const st = statements(k);
        const rows = st.scan.all(after) as { id: number; birthday: string }[];
        const at = ctx.now().toISOString();
        for (const r of rows) {
          const day = days.find((d) => isBirthdayOn(r.birthday, d));
          if (!day) continue;
          const year = Number(day.slice(0, 4));
          const occasion = `birthday-${year}`;
          const paid = grantBonus(k, {
            customerId: r.id,
            occasion,
            points: rule.birthdayBonus,
            reason: birthdayReason(year),
            at,
            expiryMonths: settings.pointsExpiryMonths,
          });
          if (paid !== null) report.granted++;
        }
        if (rows.length > 0) after = rows[rows.length - 1]!.id;
        return rows.length;
      });
      return write.immediate();
    });
    if (done < SCAN_CHUNK) return report;
    await nextTurn();
  }
}
