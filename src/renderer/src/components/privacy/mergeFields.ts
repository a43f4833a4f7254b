import type { TFunction } from 'i18next';
import type { MergeField } from '../../../../shared/contract/privacy';
import type { Customer } from '../../../../shared/domain';

/** A field's value as the merge chooser shows it; '' when empty (nothing to choose). */
export function fieldText(t: TFunction, c: Customer, field: MergeField, day: (iso: string | null) => string): string {
  switch (field) {
    case 'tags':
      return c.tags.join(', ');
    case 'consent':
      return c.consent.marketing ? t('customer.consentYes', { date: day(c.consent.date) }) : t('customer.consentNo');
    case 'gender':
      return c.gender ? t(`gender.${c.gender}`) : '';
    case 'birthday':
      return c.birthday ? day(c.birthday) : '';
    default:
      return c[field] ?? '';
  }
}
