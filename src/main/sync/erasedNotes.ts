/**
 * A customer's privacy erasure in sync (issue 18): on the erasing till it blanks the notes of their
 * purchases and ratings (services/privacy/erase.ts), and the erasure travels as the customer's
 * `erased_at`. Other tills hold notes the eraser never saw (a purchase rung up on another till before
 * it heard of the erasure) or saw but do not send again (purchases travel once), so the rule is
 * derived, as findings are: after every applied feed, no purchase or rating of an erased customer keeps
 * a note. An erased customer is one with `erased_at` and no `merged_into` (a record hidden by a merge
 * has both; merges move its rows to the person, sync/merges.ts), so it runs after the merges settle.
 * Blank stays blank, so it is the same in any order, and a replay changes nothing. Only the customers
 * a feed names (and the people they were merged into) are looked at: a feed that erases someone names
 * them, and so does one bringing their purchase, rating or merge.
 * The blanking is not logged: every till derives it, as the eraser's own entries are not sent either.
 */
import type { Kysely } from 'kysely';
import { gidBytes } from '../../shared/gid';
import type { Database } from '../db/schema';
import type { FeedEntry } from './entries';

/** The customers a feed's entries name, by global id. */
function namedCustomers(entries: readonly FeedEntry[]): Buffer[] {
  const gids = new Set<string>();
  for (const e of entries) {
    if (e.t === 'customer') gids.add(e.gid);
    else if ((e.t === 'sale' || e.t === 'void') && e.sale.customer) gids.add(e.sale.customer);
    else if (e.t === 'rating') gids.add(e.customer);
    else if (e.t === 'merge') {
      gids.add(e.survivor);
      gids.add(e.absorbed);
    }
  }
  return [...gids].flatMap((g) => {
    const b = gidBytes(g);
    return b ? [Buffer.from(b)] : [];
  });
}

/** Returns how many notes went. */
export async function eraseNotesOfErased(trx: Kysely<Database>, entries: readonly FeedEntry[]): Promise<number> {
  const named = namedCustomers(entries);
  let n = 0;
  for (let i = 0; i < named.length; i += 500) n += await eraseNotesAmong(trx, named.slice(i, i + 500));
  return n;
}

async function eraseNotesAmong(trx: Kysely<Database>, gids: Buffer[]): Promise<number> {
  const rows = await trx.selectFrom('customers').select(['id', 'merged_into']).where('gid', 'in', gids).execute();
  const people = [...new Set(rows.map((r) => r.merged_into ?? r.id))];
  if (people.length === 0) return 0;
  const erased = trx
    .selectFrom('customers')
    .select('id')
    .where('id', 'in', people)
    .where('erased_at', 'is not', null)
    .where('merged_into', 'is', null);
  const sales = await trx
    .updateTable('sales')
    .set({ note: null })
    .where('note', 'is not', null)
    .where('customer_id', 'in', erased)
    .executeTakeFirst();
  const ratings = await trx
    .updateTable('feedback')
    .set({ note: null })
    .where('note', 'is not', null)
    .where('customer_id', 'in', erased)
    .executeTakeFirst();
  return Number(sales.numUpdatedRows) + Number(ratings.numUpdatedRows);
}
