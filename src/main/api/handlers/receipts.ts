/** Handlers of receipts and satisfaction (issue 16); inputs arrive parsed (see dispatch.ts). */
import type { receiptsContract } from '../../../shared/contract/receipts';
import { customerFeedback, recordFeedback } from '../../services/feedback';
import { keyedRequest } from '../../services/idempotency';
import { keyOf } from '../../services/keys';
import { getReceiptLayout, saleReceipt, setReceiptLayout } from '../../services/receipts';
import type { HandlerMap } from '../types';

export const receiptsHandlers: HandlerMap<keyof typeof receiptsContract> = {
  'sales.receipt': (ctx, { saleId }) => saleReceipt(ctx, saleId),
  'receipts.getLayout': (ctx) => getReceiptLayout(ctx.db),
  'receipts.setLayout': (ctx, input) => setReceiptLayout(ctx, input),
  'feedback.record': (ctx, { idempotencyKey, ...input }) =>
    recordFeedback(ctx, input, keyedRequest('feedback.record', idempotencyKey, input)),
  'feedback.list': async (ctx, { customerId, limit }) =>
    customerFeedback(ctx.db, await keyOf(ctx.db, 'customers', customerId, 'customer', 'customerId'), limit),
};
