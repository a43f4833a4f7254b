import { useTranslation } from 'react-i18next';

/** What lists show for an erased customer, whose stored name is empty (services/privacy/erase.ts). */
export function ErasedName() {
  const { t } = useTranslation();
  return <>{t('privacy.erasedName')}</>;
}
