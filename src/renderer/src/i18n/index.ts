import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues } from './catalogues';

export const UI_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'vi', label: 'Tiếng Việt' },
  { value: 'zh-Hant', label: '繁體中文' },
] as const;

const STORAGE_KEY = 'regulars.language';

export function storedLanguage(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function setLanguage(lang: string): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: catalogues.en }, vi: { translation: catalogues.vi }, 'zh-Hant': { translation: catalogues['zh-Hant'] } },
  lng: storedLanguage() ?? 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
