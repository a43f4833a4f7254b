import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../stores/app';
import { makeFormats, type Formats } from './formats';

/** Money and dates in the shop's currency and time zone, written the way the UI's language writes them. */
export function useFormat(): Formats {
  const settings = useApp((s) => s.settings);
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(
    () => makeFormats(language, settings?.currency ?? 'VND', settings?.timeZone ?? 'UTC'),
    [language, settings?.currency, settings?.timeZone],
  );
}
