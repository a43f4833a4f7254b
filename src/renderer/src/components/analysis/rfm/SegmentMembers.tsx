import { Badge, Box, Button, Group, Paper, Select, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmMember, RfmMemberSort } from '../../../../../shared/contract/segments';
import type { RfmSegment } from '../../../../../shared/rfm';
import { call } from '../../../api/client';
import { useFormat } from '../../../hooks/useFormat';
import { useApp } from '../../../stores/app';
import { ExportMailingList } from '../../exports/ExportMailingList';
import { openBuilder } from '../draft';
import { customerNameColumn, PagedList, type Column } from '../PagedList';
import { RFM_COLOURS } from '../rfmColours';

/** The customers of one RFM segment, sortable and paged, with a way to make it a saved segment. */
export function SegmentMembers({
  segment,
  query,
  onOpen,
  revision,
  exportable = false,
}: {
  segment: RfmSegment;
  query: { asOf: string; windowFrom: string | null };
  onOpen(id: string): void;
  revision: number;
  /** The export takes RFM as of today over all history (the segment rule's), so it is offered only for that view. */
  exportable?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useApp((s) => s.navigate);
  const [sort, setSort] = useState<RfmMemberSort>('monetary');
  const [total, setTotal] = useState<number | null>(null);

  const load = useCallback(
    (offset: number, limit: number) => call('rfm.segmentMembers', { ...query, segment, sort, offset, limit }),
    [query, segment, sort],
  );

  const columns = useMemo<Column<RfmMember>[]>(
    () => [
      customerNameColumn(t('analysis.member.name')),
      {
        key: 'scores',
        label: t('rfm.scores'),
        width: '110px',
        render: (m) => (
          <Group gap={4} wrap="nowrap">
            {(['r', 'f', 'm'] as const).map((k) => (
              <Badge key={k} size="sm" variant="light" color="gray" radius="sm">
                {k.toUpperCase()}
                {m[k]}
              </Badge>
            ))}
          </Group>
        ),
      },
      {
        key: 'recency',
        label: t('rfm.lastPurchase'),
        width: '150px',
        align: 'right',
        sortKey: 'recency',
        render: (m) => <Text size="sm">{t('rfm.daysAgo', { count: m.recencyDays, n: f.number(m.recencyDays) })}</Text>,
      },
      {
        key: 'frequency',
        label: t('rfm.purchases'),
        width: '100px',
        align: 'right',
        sortKey: 'frequency',
        render: (m) => <Text size="sm">{f.number(m.frequency)}</Text>,
      },
      {
        key: 'monetary',
        label: t('rfm.spend'),
        width: '140px',
        align: 'right',
        sortKey: 'monetary',
        render: (m) => <Text size="sm">{f.money(m.monetary)}</Text>,
      },
    ],
    [t, f],
  );

  return (
    <Paper withBorder radius="md" p="md" data-testid="rfm-members">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Box w={12} h={12} style={{ borderRadius: 6 }} bg={`${RFM_COLOURS[segment]}.6`} />
          <Title order={4}>{t(`rfm.segment.${segment}`)}</Title>
          {total !== null && (
            <Text c="dimmed" size="sm">
              {t('rfm.people', { count: total, n: f.number(total) })}
            </Text>
          )}
        </Group>
        <Group gap="xs">
          <Select
            size="xs"
            w={190}
            data={(['monetary', 'frequency', 'recency', 'name'] as const).map((s) => ({ value: s, label: t(`rfm.sort.${s}`) }))}
            value={sort}
            onChange={(v) => v && setSort(v as RfmMemberSort)}
            allowDeselect={false}
            aria-label={t('rfm.sortLabel')}
          />
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              openBuilder(navigate, {
                name: t(`rfm.segment.${segment}`),
                rule: { kind: 'group', op: 'and', rules: [{ kind: 'rfmSegment', in: [segment] }] },
              })
            }
            data-testid="rfm-to-builder"
          >
            {t('rfm.toBuilder')}
          </Button>
          {exportable && <ExportMailingList selection={{ kind: 'rfm', segment }} size="xs" />}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t(`rfm.describe.${segment}`)}
      </Text>
      <PagedList
        columns={columns}
        load={load}
        reloadKey={`${segment}|${sort}|${query.asOf}|${query.windowFrom}|${revision}`}
        rowKey={(m) => m.id}
        onRowClick={(m) => onOpen(m.id)}
        sort={{ key: sort, direction: sort === 'name' ? 'asc' : sort === 'recency' ? 'asc' : 'desc' }}
        onSort={(k) => setSort(k as RfmMemberSort)}
        height={420}
        empty={t('rfm.noMembers')}
        onTotal={setTotal}
        rowTestId="rfm-member-row"
      />
    </Paper>
  );
}
