/**
 * The desktop app's start: check the native SQLite module, then open the shop; and the words of
 * the error box when either fails. Kept free of Electron so the tests run it under Node.
 */
import { openBackend, type Backend, type BackendOptions } from './backend';
import { nativeBindingFor, NativeModuleError, planNativeModule, type NativeModuleFacts } from './db/nativeModule';
import { isApiError } from '../shared/errors';
import type { Locale } from '../shared/domain';
import { uiLanguageOf } from '../shared/shopDefaults';
import startupEn from '../renderer/src/i18n/startup/en.json';
import startupVi from '../renderer/src/i18n/startup/vi.json';
import startupZh from '../renderer/src/i18n/startup/zh-Hant.json';
import coreEn from '../renderer/src/i18n/core/en.json';
import coreVi from '../renderer/src/i18n/core/vi.json';
import coreZh from '../renderer/src/i18n/core/zh-Hant.json';

/** The module is checked before anything touches the data folder (the restore sweep included): a refusal writes nothing. */
export async function openAppBackend(
  dataDir: string,
  native: NativeModuleFacts,
  options: Omit<BackendOptions, 'nativeBinding'>,
): Promise<Backend> {
  const plan = planNativeModule(native);
  if (plan.check === 'skipped') console.info(`[regulars] SQLite module not checked: ${plan.reason}`);
  const nativeBinding = nativeBindingFor(plan);
  return openBackend(dataDir, { ...options, nativeBinding });
}

const STRINGS = {
  en: { ...startupEn.startup, errors: coreEn.errors as Record<string, string> },
  vi: { ...startupVi.startup, errors: coreVi.errors as Record<string, string> },
  'zh-Hant': { ...startupZh.startup, errors: coreZh.errors as Record<string, string> },
} satisfies Record<Locale, unknown>;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * The shop's language lives in the file that could not be opened, so the computer's languages
 * choose (app.getPreferredSystemLanguages()); English when none is one the app speaks.
 */
export function startupErrorText(e: unknown, dataDir: string, languages: readonly string[]): { title: string; body: string } {
  const lang = languages.map(uiLanguageOf).find((l) => l !== null) ?? 'en';
  const s = STRINGS[lang];
  let message: string;
  if (e instanceof NativeModuleError) {
    message = fill(s.nativeModule[e.problem], { file: e.file });
  } else if (isApiError(e)) {
    // A known refusal (a newer file, a busy file) reads in the person's language; the English detail stays for support.
    const template = e.code === 'INTERNAL' ? undefined : s.errors[e.code];
    const translated = template === undefined ? undefined : fill(template, e.params ?? {});
    message =
      translated === undefined || translated.includes('{{') ? e.message : lang === 'en' ? e.message : `${translated}\n\n${e.message}`;
  } else {
    message = e instanceof Error ? e.message : String(e);
  }
  return { title: s.title, body: `${message}\n\n${fill(s.dataFolder, { dir: dataDir })}` };
}
