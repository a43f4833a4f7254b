/** Handlers of mailing-list exports; inputs arrive parsed (see dispatch.ts). */
import type { exportsContract } from '../../../shared/contract/exports';
import { countContacts, exportContacts, exportProgress } from '../../services/exports';
import type { HandlerMap } from '../types';

export const exportsHandlers: HandlerMap<keyof typeof exportsContract> = {
  'exports.contactsCount': (ctx, { selection, includeWithoutConsent }) => countContacts(ctx, selection, includeWithoutConsent),
  'exports.contacts': (ctx, input) => exportContacts(ctx, { ...input, exportedBy: 'app' }),
  'exports.progress': (_ctx, { key }) => Promise.resolve(exportProgress(key)),
};
