/** Handlers of the foundation's methods; inputs arrive parsed by the contract (see dispatch.ts). */
import { keyOf } from '../../services/keys';
import type { HandlerMap } from '../types';
import type { coreContract } from '../../../shared/contract/core';
import { AppError } from '../../../shared/errors';
import { issueCard, lookupCard, replaceCard, setCardStatus, activeCard, cardsOf } from '../../services/cards';
import {
  createCustomer,
  customerFacets,
  customerStats,
  findDuplicates,
  getCustomerRow,
  searchCustomers,
  toCustomer,
  updateCustomer,
} from '../../services/customers';
import { amountGuide, recordSale, salesForCustomer, salesToday, voidSale } from '../../services/sales';
import { keyedRequest } from '../../services/idempotency';
import { getSettings, updateSettings } from '../../services/settings';
import { tierOfCustomer } from '../../services/tiers';
import { mergedError } from '../../services/privacy/person';

export const APP_VERSION = '0.1.0';

export const coreHandlers: HandlerMap<keyof typeof coreContract> = {
  'app.info': async (ctx) => ({ version: APP_VERSION, dataDir: ctx.dataDir, settings: await getSettings(ctx.db) }),

  'settings.get': (ctx) => getSettings(ctx.db),
  'settings.update': (ctx, input) => updateSettings(ctx, input),

  'customers.create': async (ctx, { idempotencyKey, ...data }) =>
    createCustomer(ctx, data, await getSettings(ctx.db), keyedRequest('customers.create', idempotencyKey, data)),
  'customers.update': async (ctx, { id, data }) => updateCustomer(ctx, id, data, await getSettings(ctx.db)),
  'customers.get': async (ctx, { id }) => {
    const row = await getCustomerRow(ctx.db, id);
    if (row.merged_into) throw await mergedError(ctx.db, row);
    if (row.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.');
    const key = row.id;
    const [card, cards, stats, sales, tier] = await Promise.all([
      activeCard(ctx.db, key),
      cardsOf(ctx.db, key),
      customerStats(ctx.db, key),
      salesForCustomer(ctx.db, key, 200, 0),
      tierOfCustomer(ctx, key),
    ]);
    return { customer: toCustomer(row), card, cards, stats, sales, tier };
  },
  'customers.search': async (ctx, input) => searchCustomers(ctx.db, input, (await getSettings(ctx.db)).country),
  'customers.duplicates': async (ctx, input) => findDuplicates(ctx.db, input, (await getSettings(ctx.db)).country),
  'customers.facets': (ctx, input) => customerFacets(ctx.db, input.limit),

  'cards.issue': (ctx, { customerId, idempotencyKey }) =>
    issueCard(ctx, customerId, keyedRequest('cards.issue', idempotencyKey, { customerId })),
  'cards.setStatus': (ctx, { cardId, status, reason }) => setCardStatus(ctx, cardId, status, reason),
  'cards.replace': (ctx, { cardId, reason }) => replaceCard(ctx, cardId, reason),
  'cards.lookup': async (ctx, { number }) => {
    const found = await lookupCard(ctx, number);
    return { ...found, tier: await tierOfCustomer(ctx, await keyOf(ctx.db, 'customers', found.customer.id, 'customer', 'number')) };
  },

  'sales.record': (ctx, { idempotencyKey, ...input }, _session, call) =>
    recordSale(ctx, input, keyedRequest('sales.record', idempotencyKey, input), call?.beforeCommit()),
  'sales.void': (ctx, { saleId, reason }) => voidSale(ctx, saleId, reason),
  'sales.today': (ctx) => salesToday(ctx),
  'sales.amountGuide': (ctx) => amountGuide(ctx),
  'sales.forCustomer': async (ctx, { customerId, limit, offset }) =>
    salesForCustomer(ctx.db, await keyOf(ctx.db, 'customers', customerId, 'customer', 'customerId'), limit, offset),
};
