/** Every action the audit log can hold is named in words on the Audit log page, in each language. */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/main/services/staff/auditActions';
import en from '../src/renderer/src/i18n/staff/en.json';
import vi from '../src/renderer/src/i18n/staff/vi.json';
import zhHant from '../src/renderer/src/i18n/staff/zh-Hant.json';

describe('the audit log’s action names', () => {
  for (const [lang, catalogue] of Object.entries({ en, vi, 'zh-Hant': zhHant })) {
    it(`are all in the ${lang} catalogue (the page showed "sync.setVia" as it is)`, () => {
      const labels = catalogue.staff.actions as Record<string, string>;
      // The page looks an action up as its method name with the first dot as "_" (AuditPage.tsx).
      const missing = AUDIT_ACTIONS.filter((a) => !labels[a.replace('.', '_')]?.trim());
      expect(missing).toEqual([]);
    });
  }
});
