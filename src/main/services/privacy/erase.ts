/**
 * Erasing a customer (a person's request under Decree 13/2023 / GDPR): every personal field of
 * their record, and of the records merged into it, is blanked; the row, its code, its purchases,
 * points and cards stay, so the shop's totals (dashboard, RFM over the shop) do not move. The name
 * becomes empty (the UI shows "Erased customer"), consent is withdrawn, the FTS row follows the
 * blanked columns (its triggers), the notes of their purchases go (free text may name them), and
 * the idempotency keys whose stored results carried their data are dropped. The change log keeps
 * only field names, never values, so it holds nothing to erase; the erase itself is logged.
 * Erasing again changes nothing.
 */
import type { ErasedCustomer } from '../../../shared/contract/privacy';
import { immediateTransaction } from '../../db/busy';
import { logChange } from '../../db/changeLog';
import type { Ctx, Tx } from '../context';
import { apiId } from '../keys';
import { mergedError, personRows } from './person';

const BLANK = {
  full_name: '',
  search_name: '',
  phone: null,
  phone_digits: null,
  phone_canonical: null,
  email: null,
  email_norm: null,
  birthday: null,
  gender: null,
  area: null,
  address: null,
  tags: '[]',
  notes: null,
  consent_marketing: 0,
  consent_date: null,
  consent_source: null,
  external_code: null,
  details_missing: 0,
} as const;

type BlankColumn = keyof typeof BLANK;

export async function eraseCustomer(ctx: Ctx, id: string): Promise<ErasedCustomer> {
  return immediateTransaction(ctx.db, async (trx) => {
    const rows = await personRows(trx, id);
    const own = rows[0]!;
    if (own.merged_into) throw await mergedError(trx, own);
    const at = ctx.now().toISOString();
    let changed = false;
    for (const row of rows) {
      const fields = (Object.keys(BLANK) as BlankColumn[]).filter((k) => row[k] !== BLANK[k]);
      if (fields.length === 0 && row.erased_at !== null) continue;
      changed = true;
      await trx
        .updateTable('customers')
        .set({ ...BLANK, erased_at: row.erased_at ?? at, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await logChange(trx, 'customer', row.id, 'erase', at, row.erased_at === null ? [...fields, 'erased_at'] : fields);
      await eraseTraces(trx, row.id, apiId(row.gid), at);
    }
    return { id: apiId(own.gid), code: own.code, erasedAt: own.erased_at ?? at, changed };
  });
}

/** Personal data outside the customer row: purchase notes and stored results of retried calls. */
async function eraseTraces(trx: Tx, customerKey: number, customerId: string, at: string): Promise<void> {
  const noted = await trx.selectFrom('sales').select('id').where('customer_id', '=', customerKey).where('note', 'is not', null).execute();
  for (const s of noted) {
    await trx.updateTable('sales').set({ note: null }).where('id', '=', s.id).execute();
    await logChange(trx, 'sale', s.id, 'update', at, ['note']);
  }
  // What they said about the shop is theirs too; the rating stays in the shop's figures.
  const rated = await trx
    .selectFrom('feedback')
    .select('id')
    .where('customer_id', '=', customerKey)
    .where('note', 'is not', null)
    .execute();
  for (const f of rated) {
    await trx.updateTable('feedback').set({ note: null }).where('id', '=', f.id).execute();
    await logChange(trx, 'feedback', f.id, 'update', at, ['note']);
  }
  // A retried customers.create or cards.lookup answer holds the person's name and phone for 7 days;
  // the stored answers name the customer by its API id.
  await trx
    .deleteFrom('idempotency_keys')
    .where((eb) => eb(eb.fn('instr', ['result', eb.val(customerId)]), '>', 0))
    .execute();
}
