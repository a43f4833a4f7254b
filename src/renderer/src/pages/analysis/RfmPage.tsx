import {
  Alert,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmMember, RfmMemberSort } from '../../../../shared/contract/segments';
import { rfmSegmentOf, type RfmSegment } from '../../../../shared/rfm';
import { isValidIsoDate, localDate } from '../../../../shared/time';
import { call } from '../../api/client';
import { openBuilder } from '../../components/analysis/draft';
import { customerNameColumn, PagedList, type Column } from '../../components/analysis/PagedList';
import { RFM_COLOURS } from '../../components/analysis/rfmColours';
import { DateField } from '../../components/DateField';
import { Stat } from '../../components/Stat';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** RFM: who the regulars are and who is slipping away, as of a day, over a window of history. */
export function RfmPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { settings, revision, navigate } = useApp();
  const today = localDate(new Date(), settings?.timeZone ?? 'UTC');
  const [asOf, setAsOf] = useState(today);
  const [windowFrom, setWindowFrom] = useState('');
  const [selected, setSelected] = useState<RfmSegment | null>(null);

  const inputOk = isValidIsoDate(asOf) && (windowFrom === '' || (isValidIsoDate(windowFrom) && windowFrom <= asOf));
  const query = useMemo(() => ({ asOf, windowFrom: windowFrom || null }), [asOf, windowFrom]);

  const { data: summary, busy, error } = useApiQuery('rfm.compute', inputOk ? query : null, `${asOf}|${windowFrom}|${revision}`, 200);

  const maxCell = summary ? Math.max(1, ...summary.grid.flat()) : 1;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('rfm.title')}</Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('rfm.hint')}
          </Text>
        </div>
        <Group gap="sm" align="flex-end">
          <DateField label={t('rfm.asOf')} value={asOf} onChange={setAsOf} w={160} data-testid="rfm-as-of" />
          <DateField
            label={t('rfm.windowFrom')}
            value={windowFrom}
            onChange={setWindowFrom}
            w={160}
            error={windowFrom && windowFrom > asOf ? t('rfm.windowAfterAsOf') : undefined}
            data-testid="rfm-window-from"
          />
          {windowFrom && (
            <Button variant="subtle" size="sm" onClick={() => setWindowFrom('')}>
              {t('rfm.allHistory')}
            </Button>
          )}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}

      {!summary ? (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      ) : summary.customers === 0 ? (
        <Paper withBorder radius="md" p="xl" data-testid="rfm-empty">
          <Text ta="center" c="dimmed">
            {t('rfm.empty')}
          </Text>
        </Paper>
      ) : (
        <Box style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Stat boxed size="xl" label={t('rfm.scored')} value={f.number(summary.customers)} testId="rfm-customers" />
              <Stat boxed size="xl" label={t('rfm.revenue')} value={f.money(summary.revenue)} />
              <Stat boxed size="xl" label={t('rfm.asOfLabel')} value={f.day(summary.asOf)} />
              <Stat
                boxed
                size="xl"
                label={t('rfm.window')}
                value={summary.windowFrom ? t('rfm.since', { date: f.day(summary.windowFrom) }) : t('rfm.allHistory')}
                extra={busy ? <Loader size={14} /> : null}
              />
            </SimpleGrid>

            <Grid gap="md" align="stretch">
              <Grid.Col span={{ base: 12, xl: 8 }}>
                <Paper withBorder radius="md" p="md" h="100%">
                  <Title order={4} mb="xs">
                    {t('rfm.segments')}
                  </Title>
                  <Table highlightOnHover verticalSpacing={6} data-testid="rfm-segments">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('rfm.segment.label')}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('rfm.customers')}</Table.Th>
                        <Table.Th style={{ width: 170 }}>{t('rfm.revenueShare')}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanRecency')}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanFrequency')}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('rfm.meanMonetary')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {summary.segments.map((s) => (
                        <Table.Tr
                          key={s.segment}
                          onClick={() => setSelected(s.segment)}
                          style={{ cursor: 'pointer', opacity: s.size === 0 ? 0.5 : 1 }}
                          bg={selected === s.segment ? 'teal.0' : undefined}
                          data-testid={`rfm-segment-${s.segment}`}
                        >
                          <Table.Td>
                            <Group gap={8} wrap="nowrap">
                              <Box w={10} h={10} style={{ borderRadius: 5, flex: 'none' }} bg={`${RFM_COLOURS[s.segment]}.6`} />
                              <Text size="sm" fw={500}>
                                {t(`rfm.segment.${s.segment}`)}
                              </Text>
                            </Group>
                          </Table.Td>
                          <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                            <Text size="sm" span fw={600} data-testid="rfm-segment-size">
                              {f.number(s.size)}
                            </Text>
                            <Text size="xs" c="dimmed" span>
                              {' '}
                              {pct(s.size / summary.customers, f.locale)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              <Progress value={s.revenueShare * 100} color={RFM_COLOURS[s.segment]} size="sm" style={{ flex: 1 }} />
                              <Text size="xs" w={44} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                                {pct(s.revenueShare, f.locale)}
                              </Text>
                            </Group>
                          </Table.Td>
                          <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                            <Text size="sm">{s.size ? t('rfm.daysValue', { days: f.number(Math.round(s.meanRecencyDays)) }) : '—'}</Text>
                          </Table.Td>
                          <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                            <Text size="sm">{s.size ? s.meanFrequency.toLocaleString(f.locale, { maximumFractionDigits: 1 }) : '—'}</Text>
                          </Table.Td>
                          <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                            <Text size="sm">{s.size ? f.money(Math.round(s.meanMonetary)) : '—'}</Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, xl: 4 }}>
                <Paper withBorder radius="md" p="md" h="100%">
                  <Title order={4}>{t('rfm.heatTitle')}</Title>
                  <Text size="xs" c="dimmed" mb="sm">
                    {t('rfm.heatHint')}
                  </Text>
                  <HeatMap grid={summary.grid} max={maxCell} selected={selected} onPick={setSelected} />
                </Paper>
              </Grid.Col>
            </Grid>

            {selected && (
              <SegmentMembers segment={selected} query={query} onOpen={(id) => navigate({ page: 'customer', id })} revision={revision} />
            )}
            {!selected && (
              <Text size="sm" c="dimmed" ta="center">
                {t('rfm.pickSegment')}
              </Text>
            )}
          </Stack>
        </Box>
      )}
    </Stack>
  );
}

function pct(x: number, locale: string): string {
  return x.toLocaleString(locale, { style: 'percent', maximumFractionDigits: x > 0 && x < 0.1 ? 1 : 0 });
}

/** R (rows, 5 at the top) by F (columns); each cell in its segment's colour, darker with more people. */
function HeatMap({
  grid,
  max,
  selected,
  onPick,
}: {
  grid: number[][];
  max: number;
  selected: RfmSegment | null;
  onPick(s: RfmSegment): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = { display: 'flex', alignItems: 'center', justifyContent: 'center' } as const;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '28px repeat(5, 1fr)', gap: 3 }} data-testid="rfm-heatmap">
      {[5, 4, 3, 2, 1].map((r) => (
        <div key={r} style={{ display: 'contents' }}>
          <Text size="xs" c="dimmed" fw={600} style={cell}>
            R{r}
          </Text>
          {[1, 2, 3, 4, 5].map((fq) => {
            const n = grid[r - 1]?.[fq - 1] ?? 0;
            const seg = rfmSegmentOf(r, fq);
            const shade = n === 0 ? 0 : 1 + Math.round((n / max) * 6);
            const colour = RFM_COLOURS[seg];
            return (
              <Tooltip
                key={fq}
                label={`${t(`rfm.segment.${seg}`)} · R${r} F${fq} · ${t('rfm.people', { count: n, n: f.number(n) })}`}
                withArrow
              >
                <Box
                  onClick={() => onPick(seg)}
                  bg={n === 0 ? 'gray.0' : `${colour}.${shade}`}
                  c={shade >= 5 ? 'white' : 'dark'}
                  style={{
                    ...cell,
                    height: 44,
                    borderRadius: 4,
                    cursor: 'pointer',
                    fontSize: 13,
                    fontWeight: 600,
                    fontVariantNumeric: 'tabular-nums',
                    outline: selected === seg ? '2px solid var(--mantine-color-dark-4)' : undefined,
                    outlineOffset: -2,
                  }}
                >
                  {n > 0 ? f.number(n) : ''}
                </Box>
              </Tooltip>
            );
          })}
        </div>
      ))}
      <div />
      {[1, 2, 3, 4, 5].map((fq) => (
        <Text key={fq} size="xs" c="dimmed" fw={600} ta="center">
          F{fq}
        </Text>
      ))}
    </div>
  );
}

function SegmentMembers({
  segment,
  query,
  onOpen,
  revision,
}: {
  segment: RfmSegment;
  query: { asOf: string; windowFrom: string | null };
  onOpen(id: string): void;
  revision: number;
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
