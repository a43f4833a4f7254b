/**
 * Every contract method's handler, merged from per-domain maps. The type makes a missing or
 * misspelt handler a compile error.
 */
import type { Method } from '../../../shared/contract';
import type { HandlerMap } from '../types';
import { coreHandlers } from './core';
import { segmentsHandlers } from './segments';
import { reportsHandlers } from './reports';
import { importsHandlers } from './imports';
import { tiersHandlers } from './tiers';
import { customerImportHandlers } from './customerImport';
import { campaignsHandlers } from './campaigns';
import { exportsHandlers } from './exports';
import { pointsHandlers } from './points';
// receipts and satisfaction (issue 16)
import { receiptsHandlers } from './receipts';
import { followupsHandlers } from './followups';
import { privacyHandlers } from './privacy';
// backups (issue 17)
import { backupsHandlers } from './backups';
import { staffHandlers } from './staff';
import { lanHandlers } from './lan';
// sync now (issue 18)
import { syncHandlers } from './sync';

export const handlers: HandlerMap<Method> = {
  ...coreHandlers,
  ...importsHandlers,
  ...segmentsHandlers,
  ...reportsHandlers,
  ...tiersHandlers,
  ...customerImportHandlers,
  ...campaignsHandlers,
  ...exportsHandlers,
  ...pointsHandlers,
  // receipts and satisfaction (issue 16)
  ...receiptsHandlers,
  ...followupsHandlers,
  ...privacyHandlers,
  // backups (issue 17)
  ...backupsHandlers,
  ...staffHandlers,
  ...lanHandlers,
  // sync now (issue 18)
  ...syncHandlers,
};
