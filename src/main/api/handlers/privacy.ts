/** Handlers of merging, erasing and the privacy exports; inputs arrive parsed (see dispatch.ts). */
import type { privacyContract } from '../../../shared/contract/privacy';
import { eraseCustomer, exportCustomer, exportShop, mergeCustomers } from '../../services/privacy';
import type { HandlerMap } from '../types';

export const privacyHandlers: HandlerMap<keyof typeof privacyContract> = {
  'customers.merge': (ctx, input) => mergeCustomers(ctx, input),
  'customers.erase': (ctx, { id }) => eraseCustomer(ctx, id),
  'customers.exportOne': (ctx, { id }) => exportCustomer(ctx, id),
  'shop.exportAll': (ctx) => exportShop(ctx),
};
