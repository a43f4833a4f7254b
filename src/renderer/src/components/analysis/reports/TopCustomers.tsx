import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../../shared/contract/reports';
import { useFormat } from '../../../hooks/useFormat';
import { useApp } from '../../../stores/app';
import { pct } from '../percent';
import { Panel } from './Panel';
import { ErasedName } from '../../privacy/ErasedName';

/** The period's best customers by revenue, each with their share of it; a row opens the customer. */
export function TopCustomers({ customers, revenue }: { customers: Dashboard['topCustomers']; revenue: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  return (
    <Panel title={t('reports.topCustomers')}>
      {customers.length === 0 ? (
        <Text c="dimmed">{t('reports.noKnown')}</Text>
      ) : (
        <Table highlightOnHover verticalSpacing={6} data-testid="top-customers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={32}>#</Table.Th>
              <Table.Th>{t('analysis.member.name')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('reports.visits')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('reports.revenue')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('reports.shareOfRevenue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {customers.map((c, i) => (
              <Table.Tr
                key={c.id}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate({ page: 'customer', id: c.id })}
                data-testid="top-customer"
              >
                <Table.Td c="dimmed">{i + 1}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500} truncate>
                    {c.fullName || <ErasedName />}{' '}
                    <Text span size="xs" c="dimmed">
                      {c.code}
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{f.number(c.visits)}</Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{f.money(c.revenue)}</Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                  <Text size="sm" c="dimmed">
                    {revenue ? pct(c.revenue / revenue, f.locale) : '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}
