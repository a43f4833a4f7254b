import { Anchor, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** Record ids: meaningless to the owner as text. A customer's becomes a link; the others stay in the hover text. */
const ID_KEYS = new Set(['id', 'saleId', 'cardId', 'campaignId', 'segmentId', 'staffId']);
/** Fields in the currency's minor unit (audit.ts keeps `amount` from sales, coupons and point values). */
const MONEY_KEYS = new Set(['amount']);
/** Values that name a state, translated where the app already says them. */
const VALUE_KEYS: Record<string, (v: string) => string> = {
  status: (v) => `auditDetail.status.${v}`,
  role: (v) => `staff.roles.${v}`,
  // An approval names the action approved, as the Action column does.
  method: (v) => `staff.actions.${v.replace('.', '_')}`,
};

/**
 * An audit row's detail in the owner's words and language: "Amount: 1.377.000 ₫ · Points: 137 ·
 * Customer", not "id: 01a2… · customerId: 01a2… · amount: 1377000". The raw row stays in the title.
 */
export function AuditDetail({ detail, staffNames }: { detail: Record<string, unknown>; staffNames: Map<string, string> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  const parts: ReactNode[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined) {
      // A purchase without a customer is a walk-in's.
      if (key === 'customerId') parts.push(t('sales.walkIn'));
      continue;
    }
    if (key === 'customerId' && typeof value === 'string') {
      parts.push(
        <Anchor component="button" size="xs" onClick={() => navigate({ page: 'customer', id: value })} data-testid="audit-customer">
          {t('sales.customer')}
        </Anchor>,
      );
      continue;
    }
    if (key === 'staffId' && typeof value === 'string' && staffNames.has(value)) {
      parts.push(t('auditDetail.pair', { label: t('auditDetail.keys.staffId'), value: staffNames.get(value)! }));
      continue;
    }
    if (ID_KEYS.has(key)) continue;
    const label = t(`auditDetail.keys.${key}`, { defaultValue: key });
    let text: string;
    if (typeof value === 'boolean') text = t(value ? 'auditDetail.yes' : 'auditDetail.no');
    else if (typeof value === 'number') text = MONEY_KEYS.has(key) ? f.money(value) : f.number(value);
    else text = VALUE_KEYS[key] ? t(VALUE_KEYS[key](String(value)), { defaultValue: String(value) }) : String(value);
    parts.push(t('auditDetail.pair', { label, value: text }));
  }
  const raw = Object.entries(detail)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
  return (
    <Text size="xs" c="dimmed" title={raw} data-testid="audit-detail">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {p}
        </Fragment>
      ))}
    </Text>
  );
}
