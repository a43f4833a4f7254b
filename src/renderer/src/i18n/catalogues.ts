/**
 * The UI's strings, one folder per area (core, analysis, imports, setup, validation, customerImport, campaigns, exports, points, receipts, followups, privacy, backups, staff, lan, sync, syncFindings, syncHub, startup, shopday) so areas grow independently.
 * Each area owns its top-level keys; a key defined by two areas is a mistake and throws.
 */
import analysisEn from './analysis/en.json';
// backups (issue 17)
import backupsEn from './backups/en.json';
import backupsVi from './backups/vi.json';
import backupsZh from './backups/zh-Hant.json';
// sync now (issue 18)
import syncEn from './sync/en.json';
import syncVi from './sync/vi.json';
import syncZh from './sync/zh-Hant.json';
import syncFindingsEn from './syncFindings/en.json';
import syncFindingsVi from './syncFindings/vi.json';
import syncFindingsZh from './syncFindings/zh-Hant.json';
import syncHubEn from './syncHub/en.json';
import syncHubVi from './syncHub/vi.json';
import syncHubZh from './syncHub/zh-Hant.json';
import analysisVi from './analysis/vi.json';
import analysisZh from './analysis/zh-Hant.json';
import campaignsEn from './campaigns/en.json';
import campaignsVi from './campaigns/vi.json';
import campaignsZh from './campaigns/zh-Hant.json';
import coreEn from './core/en.json';
import coreVi from './core/vi.json';
import coreZh from './core/zh-Hant.json';
import exportsEn from './exports/en.json';
import exportsVi from './exports/vi.json';
import exportsZh from './exports/zh-Hant.json';
import customerImportEn from './customerImport/en.json';
import customerImportVi from './customerImport/vi.json';
import customerImportZh from './customerImport/zh-Hant.json';
import importsEn from './imports/en.json';
import importsVi from './imports/vi.json';
import importsZh from './imports/zh-Hant.json';
import pointsEn from './points/en.json';
import pointsVi from './points/vi.json';
import pointsZh from './points/zh-Hant.json';
// receipts and satisfaction (issue 16)
import receiptsEn from './receipts/en.json';
import receiptsVi from './receipts/vi.json';
import receiptsZh from './receipts/zh-Hant.json';
import followupsEn from './followups/en.json';
import followupsVi from './followups/vi.json';
import followupsZh from './followups/zh-Hant.json';
import privacyEn from './privacy/en.json';
import privacyVi from './privacy/vi.json';
import privacyZh from './privacy/zh-Hant.json';
import staffEn from './staff/en.json';
import staffVi from './staff/vi.json';
import staffZh from './staff/zh-Hant.json';
import lanEn from './lan/en.json';
import lanVi from './lan/vi.json';
import lanZh from './lan/zh-Hant.json';
import setupEn from './setup/en.json';
import setupVi from './setup/vi.json';
import setupZh from './setup/zh-Hant.json';
import validationEn from './validation/en.json';
import validationVi from './validation/vi.json';
import validationZh from './validation/zh-Hant.json';
// the desktop app's start-up errors, shown by the main process (issue 19)
import startupEn from './startup/en.json';
import startupVi from './startup/vi.json';
import startupZh from './startup/zh-Hant.json';

// what the shop-day pass left: number fields, the skip link, Ctrl+P at the counter
import shopdayEn from './shopday/en.json';
import shopdayVi from './shopday/vi.json';
import shopdayZh from './shopday/zh-Hant.json';

type Catalogue = Record<string, unknown>;

export function mergeAreas(...areas: Catalogue[]): Catalogue {
  const out: Catalogue = {};
  for (const area of areas) {
    for (const [k, v] of Object.entries(area)) {
      if (k in out) throw new Error(`i18n key "${k}" is defined by two areas`);
      out[k] = v;
    }
  }
  return out;
}

export const catalogues = {
  en: mergeAreas(
    coreEn,
    analysisEn,
    importsEn,
    setupEn,
    validationEn,
    customerImportEn,
    campaignsEn,
    exportsEn,
    pointsEn,
    receiptsEn,
    followupsEn,
    privacyEn,
    backupsEn,
    staffEn,
    lanEn,
    syncEn,
    startupEn,
    syncFindingsEn,
    syncHubEn,
    shopdayEn,
  ),
  vi: mergeAreas(
    coreVi,
    analysisVi,
    importsVi,
    setupVi,
    validationVi,
    customerImportVi,
    campaignsVi,
    exportsVi,
    pointsVi,
    receiptsVi,
    followupsVi,
    privacyVi,
    backupsVi,
    staffVi,
    lanVi,
    syncVi,
    startupVi,
    syncFindingsVi,
    syncHubVi,
    shopdayVi,
  ),
  'zh-Hant': mergeAreas(
    coreZh,
    analysisZh,
    importsZh,
    setupZh,
    validationZh,
    customerImportZh,
    campaignsZh,
    exportsZh,
    pointsZh,
    receiptsZh,
    followupsZh,
    privacyZh,
    backupsZh,
    staffZh,
    lanZh,
    syncZh,
    startupZh,
    syncFindingsZh,
    syncHubZh,
    shopdayZh,
  ),
};
