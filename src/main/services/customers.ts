import { sql, type Selectable, type SqlBool } from 'kysely';
import type { CustomerData } from '../../shared/contract';
import type { ResponsibleFilter } from '../../shared/contract/core';
import type { Customer, CustomerFacets, CustomerListItem, CustomerStats, DuplicateCandidate, Gender } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { PHONE_ERRORS, parsePhone, phoneKey, phoneQuery, storedPhone, type StoredPhone } from '../../shared/phone';
import { areaKey, foldText, normaliseEmail } from '../../shared/search';
import type { CustomersTable } from '../db/schema';
import { logChange } from '../db/changeLog';
import { nextSequence, type Ctx, type Tx } from './context';
import { apiId, isoOrNull, newGid, storedGid } from './keys';
import { codePrefix, installTag } from './install';
import { idempotent, type KeyedRequest } from './idempotency';
import { ftsPhrase, searchableText } from './searchText';
import { grantSignupBonus } from './points/bonuses';
import { immediateTransaction } from '../db/busy';
import { checkResponsibleFilter, isNarrowResponsible, whereResponsible } from './staff/responsible';

export function toCustomer(r: Omit<Selectable<CustomersTable>, 'id'>): Customer {
  return {
    id: apiId(r.gid),
    code: r.code,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    birthday: r.birthday,
    gender: r.gender as Gender | null,
    area: r.area,
    address: r.address,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    consent: { marketing: r.consent_marketing === 1, date: r.consent_date, source: r.consent_source },
    externalCode: r.external_code,
    detailsMissing: r.details_missing === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Where the shop is and what day it is there: what a customer's derived columns depend on. */
export interface ShopPlace {
  timeZone: string;
  country: string;
}

/**
 * Columns derived from the person's input: the folded search name, the phone's three forms,
 * normalised email. The phone is stored as people of the shop's country write it ("0912 345 678",
 * "028 3823 4567", "+1 415 555 2671"), with its E.164 form in the indexed phone_canonical (what
 * duplicates and imports compare) and its national and international digits in phone_digits
 * (what search looks in). The typed punctuation carries nothing the E.164 form does not; a number
 * that does not parse is kept exactly as typed (see shared/phone.ts).
 */
/** The columns `customerColumns` fills, in the order the prepared bulk insert and import update bind them. */
export const CUSTOMER_DATA_COLUMNS = [
  'full_name',
  'search_name',
  'phone',
  'phone_digits',
  'phone_canonical',
  'email',
  'email_norm',
  'birthday',
  'gender',
  'area',
  'address',
  'tags',
  'notes',
  'consent_marketing',
  'consent_date',
  'consent_source',
  'external_code',
] as const;

export type CustomerColumns = ReturnType<typeof customerColumns>;

/** A customer's data columns as positional values, in CUSTOMER_DATA_COLUMNS order. */
export function customerColumnValues(c: CustomerColumns): unknown[] {
  return CUSTOMER_DATA_COLUMNS.map((col) => c[col]);
}

export function customerColumns(data: CustomerData, today: string, country: string, known?: (typed: string) => StoredPhone | undefined) {
  const consentDate = data.consent.marketing ? (data.consent.date ?? today) : null;
  // An import has read each phone once already (`known`); parsing it again doubled its cost.
  const phone = data.phone ? (known?.(data.phone) ?? storedPhone(data.phone, country)) : null;
  return {
    full_name: data.fullName,
    search_name: foldText(data.fullName),
    phone: phone?.phone ?? null,
    phone_digits: phone?.digits ?? null,
    phone_canonical: phone?.key ?? null,
    email: data.email,
    email_norm: data.email ? normaliseEmail(data.email) : null,
    birthday: data.birthday,
    gender: data.gender,
    area: data.area,
    address: data.address,
    tags: JSON.stringify(data.tags),
    notes: data.notes,
    consent_marketing: data.consent.marketing ? 1 : 0,
    consent_date: consentDate,
    consent_source: data.consent.marketing ? data.consent.source : null,
    external_code: data.externalCode,
  } satisfies Record<(typeof CUSTOMER_DATA_COLUMNS)[number], unknown>;
}

/** C000123 from install 1 (every shop's codes so far), C2-000123 from install 2 (services/install.ts). */
export function formatCustomerCode(n: number, installTag = 1): string {
  return 'C' + codePrefix(installTag) + String(n).padStart(6, '0');
}

/** The customer an API id names (NOT_FOUND on `field` otherwise). */
export async function getCustomerRow(tx: Tx, id: string, field = 'id'): Promise<Selectable<CustomersTable>> {
  const gid = storedGid(id);
  const row = gid ? await tx.selectFrom('customers').selectAll().where('gid', '=', gid).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No customer with this id.', { field });
  return row;
}

/** The customer with this local key (it exists: a foreign key points to it). */
export async function customerRowByKey(tx: Tx, key: number): Promise<Selectable<CustomersTable>> {
  return tx.selectFrom('customers').selectAll().where('id', '=', key).executeTakeFirstOrThrow();
}

async function assertExternalCodeFree(tx: Tx, code: string | null, exceptKey: number | null): Promise<void> {
  if (code === null) return;
  let q = tx.selectFrom('customers').select('code').where('external_code', '=', code);
  if (exceptKey !== null) q = q.where('id', '!=', exceptKey);
  const other = await q.executeTakeFirst();
  if (other)
    throw new AppError('VALIDATION', `External code ${code} already belongs to customer ${other.code}.`, { field: 'externalCode' });
}

/**
 * A phone typed in the form must be a real number of the shop's country (or a foreign one with +).
 * A phone that is unchanged is let through: numbers kept as typed by the migration or an import
 * must not stop the person from editing the customer's name.
 */
function assertPhoneValid(phone: string | null, country: string, unchanged: string | null = null): void {
  if (phone === null || phone === unchanged) return;
  const parsed = parsePhone(phone, country);
  if (!parsed.ok) {
    const { code, message } = PHONE_ERRORS[parsed.reason];
    throw new AppError(code, `${message} (${country})`, { field: 'phone', params: { phone, country } });
  }
}

/** Inserts one customer inside the caller's transaction. */
export async function insertCustomer(tx: Tx, data: CustomerData, at: Date, shop: ShopPlace): Promise<Customer> {
  return (await insertCustomerRow(tx, data, at, shop)).customer;
}

/** The same, with the new row's local key. */
async function insertCustomerRow(tx: Tx, data: CustomerData, at: Date, shop: ShopPlace): Promise<{ customer: Customer; key: number }> {
  assertPhoneValid(data.phone, shop.country);
  await assertExternalCodeFree(tx, data.externalCode, null);
  const now = at.toISOString();
  const row = {
    gid: newGid(),
    code: formatCustomerCode(await nextSequence(tx, 'customer'), await installTag(tx)),
    ...customerColumns(data, localToday(at, shop.timeZone), shop.country),
    created_at: now,
    updated_at: now,
    erased_at: null,
    details_missing: 0,
    merged_into: null,
  };
  const { id } = await tx.insertInto('customers').values(row).returning('id').executeTakeFirstOrThrow();
  await logChange(tx, 'customer', id, 'create', now);
  return { customer: toCustomer(row), key: id };
}

function localToday(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** With a key, a retry returns the customer the first call created (idempotency.ts). */
export async function createCustomer(ctx: Ctx, data: CustomerData, shop: ShopPlace, keyed: KeyedRequest | null = null): Promise<Customer> {
  const now = ctx.now();
  return immediateTransaction(ctx.db, (trx) =>
    idempotent(trx, keyed, now.toISOString(), async () => {
      const { customer, key } = await insertCustomerRow(trx, data, now, shop);
      // Only a customer created here gets the sign-up bonus: imports bring history, not new sign-ups.
      if (ctx.sqlite) grantSignupBonus({ db: ctx.db, sqlite: ctx.sqlite }, key, now.toISOString());
      return customer;
    }),
  );
}

export async function updateCustomer(ctx: Ctx, id: string, data: CustomerData, shop: ShopPlace): Promise<Customer> {
  return immediateTransaction(ctx.db, async (trx) => {
    const before = await getCustomerRow(trx, id);
    const key = before.id;
    if (before.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased and cannot be edited.');
    assertPhoneValid(data.phone, shop.country, before.phone);
    await assertExternalCodeFree(trx, data.externalCode, key);
    const now = ctx.now();
    const cols = customerColumns(data, localToday(now, shop.timeZone), shop.country);
    // Keep the original consent date when consent simply stays given.
    if (data.consent.marketing && before.consent_marketing === 1 && data.consent.date === null) cols.consent_date = before.consent_date;
    // Saving the form is the completion an imported customer's flag asked for.
    const next = { ...cols, details_missing: 0 };
    await trx
      .updateTable('customers')
      .set({ ...next, updated_at: now.toISOString() })
      .where('id', '=', key)
      .execute();
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
    await logChange(trx, 'customer', key, 'update', now.toISOString(), changed);
    return toCustomer(await customerRowByKey(trx, key));
  });
}

/** Customers with the same phone (its canonical key: every way of writing it) or the same email. */
export async function findDuplicates(
  tx: Tx,
  input: { phone?: string | null; email?: string | null; excludeId?: string | null },
  country: string,
): Promise<DuplicateCandidate[]> {
  const phone = (input.phone ? phoneKey(input.phone, country) : null) ?? '';
  const email = input.email ? normaliseEmail(input.email) : '';
  if (phone === '' && email === '') return [];
  const rows = await tx
    .selectFrom('customers')
    .select(['gid', 'code', 'full_name', 'phone', 'email', 'phone_canonical', 'email_norm'])
    .where('erased_at', 'is', null)
    .where((eb) => {
      const ors = [];
      if (phone !== '') ors.push(eb('phone_canonical', '=', phone));
      if (email !== '') ors.push(eb('email_norm', '=', email));
      return eb.or(ors);
    })
    .$if(!!input.excludeId && storedGid(input.excludeId) !== null, (q) => q.where('gid', '!=', storedGid(input.excludeId!)!))
    .limit(10)
    .execute();
  return rows.map((r) => ({
    id: apiId(r.gid),
    code: r.code,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    matchedOn: phone !== '' && r.phone_canonical === phone ? 'phone' : 'email',
  }));
}

/**
 * How far past the requested page a broad search counts. The virtualised list sizes itself from
 * `total` and asks again as it scrolls, so "at least this many more" is all it needs; counting
 * every "ng" among 100k customers on each keystroke is what made search slow.
 */
export const SEARCH_COUNT_AHEAD = 200;
/**
 * Below this many FTS hits, reading and sorting the hits is cheaper than walking the name index
 * until the count-ahead is found (the two cost the same near 1,000 hits at 100k customers).
 */
const FTS_NARROW = 1000;

/**
 * Search as you type. A match of three or more characters with fewer than FTS_NARROW hits comes
 * from the trigram FTS index (folded name, phone digits, code) and is sorted whole, with an exact
 * total. A broader one and any shorter query walk the live-customer index (0020) in list order,
 * testing the same substring on the index's own columns, and stop at offset + limit +
 * SEARCH_COUNT_AHEAD matches: that number of matches (or fewer, exactly) is the total.
 * Either way one query collects the row ids in order and only the page's rows are read.
 * `responsible` narrows every branch alike (staff/responsible.ts), so paging and counts hold.
 */
export async function searchCustomers(
  tx: Tx,
  input: { query: string; offset: number; limit: number; responsible?: ResponsibleFilter },
  country: string,
): Promise<{ total: number; totalIsExact: boolean; items: CustomerListItem[] }> {
  const responsible = input.responsible ?? { who: 'anyone' };
  await checkResponsibleFilter(tx, responsible);
  const query = searchableText(input.query);
  const folded = foldText(query);
  // A phone-looking query is its digits (phone_digits holds both the national and international
  // forms); a whole number is also looked up by its E.164 key, for forms such as "0084 912…".
  const phone = /^[\d\s+().-]+$/.test(query.normalize('NFKC').trim()) ? phoneQuery(query, country) : null;
  const term = phone && phone.digits.length > 0 ? phone.digits : folded;
  const everyone = tx.selectFrom('customers as c').where('c.erased_at', 'is', null);
  // A person with many customers is like "nobody": too many to read and sort on each keystroke.
  const walkFilter = responsible.who === 'nobody' || (responsible.who === 'staff' && !(await isNarrowResponsible(tx, responsible.staffId)));
  const live = whereResponsible(everyone, responsible, walkFilter);
  const page = (q: typeof live) =>
    q
      .leftJoin('cards as k', (j) => j.onRef('k.customer_id', '=', 'c.id').on('k.status', '=', 'active'))
      .select(['c.gid', 'c.code', 'c.full_name', 'c.phone', 'c.email', 'c.area', 'k.number'])
      .orderBy('c.search_name')
      .orderBy('c.code');

  let rows;
  let total: number;
  let totalIsExact = true;
  // "Nobody responsible" has no index of its own: each customer is one probe of customer_staff, so
  // counting them all is a walk of the whole list (~0.1 s at 100k); it is walked and counted ahead
  // like a broad search instead, and so is a person with RESPONSIBLE_NARROW customers or more
  // (sorting 20k of them took ~70 ms). A person with fewer is read whole from their index.
  if (term.length === 0 && !walkFilter) {
    rows = await page(live).limit(input.limit).offset(input.offset).execute();
    total = Number((await live.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  } else {
    let matching: typeof live | null = null;
    const phrase = term.length >= 3 ? ftsPhrase(term) : null;
    if (phrase !== null) {
      const fts = (eb: any) =>
        eb
          .selectFrom('customers_fts')
          .select('rowid')
          .where(sql`customers_fts`, 'match', phrase);
      const hits = await tx
        .selectFrom((eb) => fts(eb).limit(FTS_NARROW).as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // An OR of two indexed terms: SQLite answers each from its own index and merges the rowids.
      const e164 = phone?.e164 ?? null;
      if (Number(hits.n) < FTS_NARROW) {
        matching = live.where((eb) =>
          e164 ? eb.or([eb('c.rowid' as any, 'in', fts), eb('c.phone_canonical', '=', e164)]) : eb('c.rowid' as any, 'in', fts),
        );
      }
    }
    const cap = matching ? null : input.offset + input.limit + SEARCH_COUNT_AHEAD;
    if (!matching && term.length === 0) matching = live;
    if (!matching) {
      // search_name and the term are both folded (lower case, no marks), so instr is an exact
      // substring test, cheaper than LIKE; a column is tested only when the term could occur in it.
      const tests = [sql<boolean>`instr(c.search_name, ${term}) > 0`];
      if (/^\d+$/.test(term)) tests.push(sql<boolean>`instr(c.phone_digits, ${term}) > 0`);
      if (term.length >= 3 && /^c?\d+$/.test(term)) tests.push(sql<boolean>`c.code LIKE ${'%' + term + '%'}`);
      matching = live.where((eb) => eb.or(tests));
    }
    const ids = await matching
      .select(sql<number>`c.rowid`.as('r'))
      .orderBy('c.search_name')
      .orderBy('c.code')
      .$if(cap !== null, (q) => q.limit(cap!))
      .execute();
    total = ids.length;
    totalIsExact = cap === null || ids.length < cap;
    const pageIds = ids.slice(input.offset, input.offset + input.limit).map((r) => r.r);
    rows = pageIds.length > 0 ? await page(everyone.where(sql<number>`c.rowid`, 'in', pageIds)).execute() : [];
  }
  return {
    total,
    totalIsExact,
    items: rows.map((r) => ({
      id: apiId(r.gid),
      code: r.code,
      fullName: r.full_name,
      phone: r.phone,
      email: r.email,
      area: r.area,
      cardNumber: r.number,
    })),
  };
}

/** Visits, spend, first/last visit from the covering index on sales; points from the ledger (`customerKey`: local key). */
export async function customerStats(tx: Tx, customerId: number): Promise<CustomerStats> {
  const s = await tx
    .selectFrom('sales')
    .where('customer_id', '=', customerId)
    .where('voided_at', 'is', null)
    .select((eb) => [
      eb.fn.countAll<number>().as('visits'),
      eb.fn.coalesce(eb.fn.sum<number>('total'), sql<number>`0`).as('total'),
      eb.fn.min('sold_at').as('first'),
      eb.fn.max('sold_at').as('last'),
    ])
    .executeTakeFirstOrThrow();
  const p = await tx
    .selectFrom('points_ledger')
    .where('customer_id', '=', customerId)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('balance'))
    .executeTakeFirstOrThrow();
  const visits = Number(s.visits);
  const total = Number(s.total);
  return {
    visits,
    totalSpend: total,
    averageSpend: visits > 0 ? Math.round(total / visits) : 0,
    firstVisit: isoOrNull(s.first ?? null),
    lastVisit: isoOrNull(s.last ?? null),
    pointsBalance: Number(p.balance),
  };
}

/**
 * The areas and tags live customers have, most common first. Areas that differ only in case,
 * composition or spacing (the segment condition's areaKey) are one entry, shown in their most
 * common spelling.
 */
export async function customerFacets(tx: Tx, limit: number): Promise<CustomerFacets> {
  const areaRows = await tx
    .selectFrom('customers')
    .select((eb) => [sql<string>`trim(area)`.as('value'), eb.fn.countAll<number>().as('n')])
    .where('erased_at', 'is', null)
    .where(sql<SqlBool>`trim(area) <> ''`)
    .groupBy(sql`trim(area)`)
    .execute();
  const areas = new Map<string, { value: string; count: number; best: number }>();
  for (const r of areaRows) {
    const key = areaKey(r.value);
    const n = Number(r.n);
    const a = areas.get(key);
    if (!a) areas.set(key, { value: r.value, count: n, best: n });
    else {
      a.count += n;
      if (n > a.best) Object.assign(a, { value: r.value, best: n });
    }
  }
  const tagRows = await sql<{ value: string; n: number }>`
    SELECT t.value AS value, count(*) AS n FROM customers c, json_each(c.tags) t
    WHERE c.erased_at IS NULL AND t.type = 'text' AND trim(t.value) <> ''
    GROUP BY t.value ORDER BY n DESC, t.value LIMIT ${limit}`.execute(tx);
  const byCount = (x: { value: string; count: number }, y: { value: string; count: number }): number =>
    y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0);
  return {
    areas: [...areas.values()]
      .map(({ value, count }) => ({ value, count }))
      .sort(byCount)
      .slice(0, limit),
    tags: tagRows.rows.map((r) => ({ value: r.value, count: Number(r.n) })),
  };
}
