import { Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleGroup, SegmentMember, SegmentMemberSort } from '../../../../shared/contract/segments';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { customerNameColumn, PagedList, type Column } from './PagedList';

/** The customers a rule selects, sortable and virtualised; a click opens the customer. */
export function MemberList({ rule, height = 'calc(100vh - 330px)' }: { rule: RuleGroup; height?: number | string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  const revision = useApp((s) => s.revision);
  const [sort, setSort] = useState<{ key: SegmentMemberSort; direction: 'asc' | 'desc' }>({ key: 'totalSpend', direction: 'desc' });
  const ruleJson = JSON.stringify(rule);

  const load = useCallback(
    (offset: number, limit: number) =>
      call('segments.members', { rule: JSON.parse(ruleJson) as RuleGroup, sort: sort.key, direction: sort.direction, offset, limit }),
    [ruleJson, sort],
  );

  const columns = useMemo<Column<SegmentMember>[]>(
    () => [
      customerNameColumn(t('analysis.member.name')),
      {
        key: 'phone',
        label: t('analysis.member.phone'),
        // Wide enough for a whole number with its country code (+886 912 345 678 was cut to "+886 912 3…" at 1024 px).
        width: 'minmax(140px, 1fr)',
        render: (m) => (
          <Text size="sm" c="dimmed" truncate title={m.phone ?? undefined} data-testid="member-phone">
            {m.phone ?? ''}
          </Text>
        ),
      },
      {
        key: 'area',
        label: t('analysis.member.area'),
        width: 'minmax(80px, 1fr)',
        render: (m) => (
          <Text size="sm" c="dimmed" truncate>
            {m.area ?? ''}
          </Text>
        ),
      },
      {
        key: 'visits',
        label: t('analysis.member.visits'),
        width: '80px',
        align: 'right',
        sortKey: 'visits',
        render: (m) => <Text size="sm">{f.number(m.visits)}</Text>,
      },
      {
        key: 'totalSpend',
        label: t('analysis.member.totalSpend'),
        width: '130px',
        align: 'right',
        sortKey: 'totalSpend',
        render: (m) => <Text size="sm">{f.money(m.totalSpend)}</Text>,
      },
      {
        key: 'lastVisit',
        label: t('analysis.member.lastVisit'),
        width: '120px',
        align: 'right',
        sortKey: 'lastVisit',
        render: (m) => <Text size="sm">{f.date(m.lastVisit)}</Text>,
      },
    ],
    [t, f],
  );

  return (
    <PagedList
      columns={columns}
      load={load}
      reloadKey={`${ruleJson}|${sort.key}|${sort.direction}|${revision}`}
      rowKey={(m) => m.id}
      onRowClick={(m) => navigate({ page: 'customer', id: m.id })}
      sort={sort}
      onSort={(key) =>
        setSort((s) =>
          s.key === key
            ? { key: s.key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
            : { key: key as SegmentMemberSort, direction: key === 'name' ? 'asc' : 'desc' },
        )
      }
      height={height}
      empty={t('analysis.member.empty')}
      testId="member-list"
      rowTestId="member-row"
    />
  );
}
