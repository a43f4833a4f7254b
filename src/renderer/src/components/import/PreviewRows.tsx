import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../shared/contract/imports';
import { useFormat } from '../../hooks/useFormat';

/** The first rows as they would be stored: customer (new, walk-in, details missing), date, amount, points, status. */
export function PreviewRows({ rows }: { rows: ImportPreview['rows'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ScrollArea.Autosize mah={360}>
      <Table striped fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('import.line')}</Table.Th>
            <Table.Th>{t('import.field.receipt')}</Table.Th>
            <Table.Th>{t('import.field.customer')}</Table.Th>
            <Table.Th>{t('import.field.date')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('import.field.amount')}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>{t('sales.points')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.line}>
              <Table.Td>{r.line}</Table.Td>
              <Table.Td>{r.receipt}</Table.Td>
              <Table.Td>
                {r.customerKey === null ? (
                  <Text span c="dimmed" size="sm">
                    {t('import.walkIn')}
                  </Text>
                ) : (
                  (r.customerName ?? r.customerKey)
                )}
                {r.createsCustomer && (
                  <Badge ml={6} size="xs" variant="light">
                    {t('import.new')}
                  </Badge>
                )}
                {r.detailsMissing && (
                  <Badge ml={6} size="xs" variant="light" color="yellow">
                    {t('importedCustomer.detailsMissing')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.soldAt ? f.dateTime(r.soldAt) : ''}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{r.amount !== null ? f.money(r.amount) : ''}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{r.points ?? ''}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={r.status === 'new' ? 'teal' : r.status === 'error' ? 'red' : 'gray'}>
                  {t(`import.status.${r.status}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
