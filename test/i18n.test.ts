import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/shared/errors';
import { catalogues } from '../src/renderer/src/i18n/catalogues';

const { en, vi, 'zh-Hant': zhHant } = catalogues;
const areasDir = path.resolve(__dirname, '../src/renderer/src/i18n');

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('translations', () => {
  it('every area folder has all three languages and is loaded', () => {
    for (const area of fs.readdirSync(areasDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const lang of ['en', 'vi', 'zh-Hant']) {
        const file = path.join(areasDir, area.name, `${lang}.json`);
        expect(fs.existsSync(file), file).toBe(true);
        const keysOfFile = keys(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
        expect(keys(catalogues[lang as keyof typeof catalogues])).toEqual(expect.arrayContaining(keysOfFile));
      }
    }
  });
  it('Vietnamese and Traditional Chinese have exactly the English keys', () => {
    expect(keys(vi).sort()).toEqual(keys(en).sort());
    expect(keys(zhHant).sort()).toEqual(keys(en).sort());
  });
  it('every error code has a message', () => {
    for (const code of ERROR_CODES) expect(keys(en)).toContain(`errors.${code}`);
  });
  it("a dialog's way back never reads like its destructive action (issue 13 item 4)", () => {
    // "Hủy" (cancel) beside "Hủy giao dịch" (void) or "Xoá" (delete); "Cancel" beside "Void purchase".
    const destructive: Record<string, RegExp> = { en: /cancel|void|delete/i, vi: /hủy|huỷ|xoá|xóa/i, 'zh-Hant': /取消|作廢|刪除/ };
    for (const [lang, cat] of Object.entries(catalogues)) {
      const c = cat as { common: { goBack: string }; sales: { keep: string } };
      expect(c.common.goBack, lang).not.toMatch(destructive[lang]!);
      expect(c.sales.keep, lang).not.toMatch(destructive[lang]!);
    }
  });
  it('every literal key the renderer uses exists', () => {
    const all = new Set(keys(en).map((k) => k.replace(/_(one|other)$/, '')));
    const root = path.resolve(__dirname, '../src/renderer/src');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const missing: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z_.]+)'/g)) if (!all.has(m[1]!)) missing.push(`${f}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
