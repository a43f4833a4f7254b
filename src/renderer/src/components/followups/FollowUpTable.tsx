import { Anchor, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpList, FollowUpPerson } from '../../../../shared/contract/followups';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** One follow-up list as a plain table (at most 500 rows), so it prints as it shows. */
export function FollowUpTable({ list, items }: { list: FollowUpList; items: FollowUpPerson[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  // The day a birthday or anniversary falls on, with its weekday: "Tue, 29 Dec".
  const weekday = useMemo(
    () => new Intl.DateTimeFormat(f.locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
    [f.locale],
  );
  const dated = list === 'birthdays' || list === 'anniversaries';
  return (
    <Table verticalSpacing={6} data-testid={`followup-table-${list}`}>
      <Table.Thead>
        <Table.Tr>
          {dated && <Table.Th>{t('followups.column.day')}</Table.Th>}
          <Table.Th>{t('followups.column.name')}</Table.Th>
          <Table.Th>{t('followups.column.phone')}</Table.Th>
          {dated && <Table.Th>{t(list === 'birthdays' ? 'followups.column.age' : 'followups.column.years')}</Table.Th>}
          <Table.Th ta="right">{t('followups.column.visits')}</Table.Th>
          <Table.Th>{t(list === 'firstTime' ? 'followups.column.firstVisit' : 'followups.column.lastVisit')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((p) => (
          <Table.Tr key={p.id} data-testid={`followup-row-${list}`}>
            {dated && <Table.Td>{p.on ? weekday.format(new Date(p.on + 'T00:00:00Z')) : ''}</Table.Td>}
            <Table.Td>
              <Anchor component="button" type="button" fw={500} onClick={() => navigate({ page: 'customer', id: p.id })}>
                {p.fullName}
              </Anchor>
              <Text span size="xs" c="dimmed" ml={6}>
                {p.code}
              </Text>
            </Table.Td>
            <Table.Td>{p.phone ?? ''}</Table.Td>
            {dated && (
              <Table.Td>
                {p.years === null
                  ? ''
                  : list === 'birthdays'
                    ? t('followups.turns', { n: p.years })
                    : t('followups.yearsSince', { count: p.years, n: f.number(p.years) })}
              </Table.Td>
            )}
            <Table.Td ta="right">{f.number(p.visits)}</Table.Td>
            <Table.Td>{f.date(list === 'firstTime' ? p.firstVisit : p.lastVisit)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
