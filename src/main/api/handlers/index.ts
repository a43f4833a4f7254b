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
import { staffHandlers } from './staff';

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
  ...staffHandlers,
};
