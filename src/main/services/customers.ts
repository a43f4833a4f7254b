import { sql, type Selectable } from 'kysely';
import type { CustomerData } from '../../shared/contract';
import type { Customer, CustomerListItem, CustomerStats, DuplicateCandidate, Gender } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { canonicalPhone, foldText, normaliseEmail, phoneDigits } from '../../shared/search';
import type { CustomersTable } from '../db/schema';
import { logChange, newId, nextSequence, type Ctx, type Tx } from './context';

export function toCustomer(r: Selectable<CustomersTable>): Customer {
  return {
    id: r.id,
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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Columns derived from the person's input: the folded search name, phone digits, normalised email. */
export function customerColumns(data: CustomerData, today: string) {
  const consentDate = data.consent.marketing ? (data.consent.date ?? today) : null;
  return {
    full_name: data.fullName,
    search_name: foldText(data.fullName),
    phone: data.phone,
    phone_digits: data.phone ? phoneDigits(data.phone) : null,
    phone_canonical: data.phone ? canonicalPhone(data.phone) : null,
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
  };
}

export function formatCustomerCode(n: number): string {
  return 'C' + String(n).padStart(6, '0');
}

export async function getCustomerRow(tx: Tx, id: string): Promise<Selectable<CustomersTable>> {
  const row = await tx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'id' });
  return row;
}

async function assertExternalCodeFree(tx: Tx, code: string | null, exceptId: string | null): Promise<void> {
  if (code === null) return;
  let q = tx.selectFrom('customers').select('code').where('external_code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const other = await q.executeTakeFirst();
  if (other) throw new AppError('VALIDATION', `External code ${code} already belongs to customer ${other.code}.`, { field: 'externalCode' });
}

/** Inserts one customer inside the caller's transaction; the bulk path (imports) calls this too. */
export async function insertCustomer(tx: Tx, data: CustomerData, at: Date, tz: string): Promise<Customer> {
  await assertExternalCodeFree(tx, data.externalCode, null);
  const now = at.toISOString();
  const row = {
    id: newId(),
    code: formatCustomerCode(await nextSequence(tx, 'customer')),
    ...customerColumns(data, localToday(at, tz)),
    created_at: now,
    updated_at: now,
    erased_at: null,
  };
  await tx.insertInto('customers').values(row).execute();
  await logChange(tx, 'customer', row.id, 'create', now);
  return toCustomer(row);
}

function localToday(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export async function createCustomer(ctx: Ctx, data: CustomerData, tz: string): Promise<Customer> {
  return ctx.db.transaction().execute((trx) => insertCustomer(trx, data, ctx.now(), tz));
}

export async function updateCustomer(ctx: Ctx, id: string, data: CustomerData, tz: string): Promise<Customer> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getCustomerRow(trx, id);
    if (before.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased and cannot be edited.');
    await assertExternalCodeFree(trx, data.externalCode, id);
    const now = ctx.now();
    const cols = customerColumns(data, localToday(now, tz));
    // Keep the original consent date when consent simply stays given.
    if (data.consent.marketing && before.consent_marketing === 1 && data.consent.date === null) cols.consent_date = before.consent_date;
    await trx.updateTable('customers').set({ ...cols, updated_at: now.toISOString() }).where('id', '=', id).execute();
    await logChange(trx, 'customer', id, 'update', now.toISOString());
    return toCustomer(await getCustomerRow(trx, id));
  });
}

export async function findDuplicates(
  tx: Tx,
  input: { phone?: string | null; email?: string | null; excludeId?: string | null },
): Promise<DuplicateCandidate[]> {
  const phone = input.phone ? canonicalPhone(input.phone) : '';
  const email = input.email ? normaliseEmail(input.email) : '';
  if (phone.length < 6 && email === '') return [];
  const rows = await tx
    .selectFrom('customers')
    .select(['id', 'code', 'full_name', 'phone', 'email', 'phone_canonical', 'email_norm'])
    .where('erased_at', 'is', null)
    .where((eb) => {
      const ors = [];
      if (phone.length >= 6) ors.push(eb('phone_canonical', '=', phone));
      if (email !== '') ors.push(eb('email_norm', '=', email));
      return eb.or(ors);
    })
    .$if(!!input.excludeId, (q) => q.where('id', '!=', input.excludeId!))
    .limit(10)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    matchedOn: phone.length >= 6 && r.phone_canonical === phone ? 'phone' : 'email',
  }));
}

/**
 * Search as you type. Three or more characters go through the trigram FTS index (folded name,
 * phone digits, code); shorter ones use the name prefix index, then a substring scan.
 */
export async function searchCustomers(
  tx: Tx,
  input: { query: string; offset: number; limit: number },
): Promise<{ total: number; items: CustomerListItem[] }> {
  const folded = foldText(input.query);
  const digits = /^[\d\s+().-]+$/.test(input.query.trim()) ? phoneDigits(input.query) : '';
  const term = digits.length > 0 ? digits : folded;

  let base = tx.selectFrom('customers as c').where('c.erased_at', 'is', null);
  if (term.length >= 3) {
    const phrase = '"' + term.replace(/"/g, '""') + '"';
    base = base.where('c.rowid' as any, 'in', (eb: any) =>
      eb.selectFrom('customers_fts').select('rowid').where(sql`customers_fts`, 'match', phrase),
    );
  } else if (term.length > 0) {
    const like = '%' + term.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`c.search_name LIKE ${like} ESCAPE '\\'`,
        ...(digits ? [sql<boolean>`c.phone_digits LIKE ${like} ESCAPE '\\'`] : []),
      ]),
    );
  }
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('cards as k', (j) => j.onRef('k.customer_id', '=', 'c.id').on('k.status', '=', 'active'))
    .select(['c.id', 'c.code', 'c.full_name', 'c.phone', 'c.email', 'c.area', 'k.number'])
    .orderBy('c.search_name')
    .orderBy('c.code')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return {
    total: Number(totalRow.n),
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      fullName: r.full_name,
      phone: r.phone,
      email: r.email,
      area: r.area,
      cardNumber: r.number,
    })),
  };
}

/** Visits, spend, first/last visit from the covering index on sales; points from the ledger. */
export async function customerStats(tx: Tx, customerId: string): Promise<CustomerStats> {
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
    firstVisit: s.first ?? null,
    lastVisit: s.last ?? null,
    pointsBalance: Number(p.balance),
  };
}
