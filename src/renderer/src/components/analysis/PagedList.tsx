import { Group, Loader, Paper, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ErasedName } from '../privacy/ErasedName';
import { listRowKeys } from '../listRowKeys';

export interface Column<T> {
  key: string;
  label: string;
  /** CSS grid track, e.g. '2fr' or '120px'. */
  width: string;
  align?: 'left' | 'right';
  render(row: T): ReactNode;
  /** When set, the header sorts by this key. */
  sortKey?: string;
}

interface Props<T> {
  columns: Column<T>[];
  /** Loads rows [offset, offset+limit). Must be stable for a given `reloadKey`. */
  load(offset: number, limit: number): Promise<{ total: number; items: T[] }>;
  /** Changing it throws the rows away and loads again. */
  reloadKey: string;
  rowKey(row: T): string;
  onRowClick?(row: T): void;
  sort?: { key: string; direction: 'asc' | 'desc' };
  onSort?(key: string): void;
  height: number | string;
  empty: ReactNode;
  onTotal?(total: number): void;
  testId?: string;
  rowTestId?: string;
}

const PAGE = 100;
const ROW_HEIGHT = 42;

/** A virtualised, page-loaded table: any number of rows, only the visible ones in the DOM. */
/** The customer column every member list starts with: the name, then the code, dimmed. */
export function customerNameColumn<T extends { fullName: string; code: string }>(label: string): Column<T> {
  return {
    key: 'name',
    label,
    width: 'minmax(160px, 2fr)',
    sortKey: 'name',
    render: (m) => (
      <Text size="sm" fw={500} truncate>
        {m.fullName || <ErasedName />}{' '}
        <Text span size="xs" c="dimmed">
          {m.code}
        </Text>
      </Text>
    ),
  };
}

export function PagedList<T>({
  columns,
  load,
  reloadKey,
  rowKey,
  onRowClick,
  sort,
  onSort,
  height,
  empty,
  onTotal,
  testId,
  rowTestId,
}: Props<T>) {
  const [total, setTotal] = useState<number | null>(null);
  const [rows, setRows] = useState<Map<number, T>>(new Map());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const parentRef = useRef<HTMLDivElement>(null);
  const loadRef = useRef(load);
  const onTotalRef = useRef(onTotal);
  useEffect(() => {
    loadRef.current = load;
    onTotalRef.current = onTotal;
  });

  const loadPage = useCallback(async (page: number, gen: number) => {
    if (loading.current.has(page)) return;
    loading.current.add(page);
    try {
      const r = await loadRef.current(page * PAGE, PAGE);
      if (gen !== generation.current) return;
      setTotal(r.total);
      onTotalRef.current?.(r.total);
      setRows((prev) => {
        const next = new Map(prev);
        r.items.forEach((item, i) => next.set(page * PAGE + i, item));
        return next;
      });
    } catch {
      if (gen === generation.current) loading.current.delete(page);
    }
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    loading.current = new Set();
    setRows(new Map());
    void loadPage(0, gen);
  }, [reloadKey, loadPage]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    for (const it of items) if (!rows.has(it.index)) void loadPage(Math.floor(it.index / PAGE), generation.current);
  }, [items, rows, loadPage]);

  // A short list takes only the room it needs; a long one scrolls inside the given height.
  const fitted = typeof height === 'number' && total !== null && total > 0 ? Math.min(height, total * ROW_HEIGHT + 2) : height;
  const template = columns.map((c) => c.width).join(' ');
  const cellStyle = (c: Column<T>) => ({ textAlign: c.align ?? 'left', fontVariantNumeric: 'tabular-nums' as const, minWidth: 0 });

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }} data-testid={testId}>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: template,
          gap: 12,
          padding: '8px 16px',
          alignItems: 'center',
          borderBottom: '1px solid var(--mantine-color-gray-3)',
          background: 'var(--mantine-color-gray-0)',
        }}
      >
        {/* Headings wrap rather than end in "…": "LẦN MUA GẦN …" did not say which column it was. */}
        {columns.map((c) => (
          <div key={c.key} style={cellStyle(c)} data-testid="list-heading">
            {c.sortKey && onSort ? (
              <UnstyledButton
                onClick={() => onSort(c.sortKey!)}
                data-testid={`sort-${c.sortKey}`}
                style={{ display: 'block', width: '100%', textAlign: c.align ?? 'left' }}
              >
                <Text size="xs" fw={700} tt="uppercase" c={sort?.key === c.sortKey ? 'teal.8' : 'dimmed'} lh="20px">
                  {c.label}
                  {sort?.key === c.sortKey ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : ''}
                </Text>
              </UnstyledButton>
            ) : (
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" lh="20px">
                {c.label}
              </Text>
            )}
          </div>
        ))}
      </div>
      <div ref={parentRef} style={{ height: fitted, overflow: 'auto' }}>
        {total === null ? (
          <Group justify="center" p="xl">
            <Loader size="sm" />
          </Group>
        ) : total === 0 ? (
          <Text c="dimmed" ta="center" p="xl" data-testid="list-empty">
            {empty}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((it) => {
              const row = rows.get(it.index);
              return (
                <div
                  key={row ? rowKey(row) : it.key}
                  className="list-row"
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${it.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: template,
                    gap: 12,
                    alignItems: 'center',
                    padding: '0 16px',
                  }}
                  {...listRowKeys(row && onRowClick ? () => onRowClick(row) : null)}
                  data-testid={row ? rowTestId : undefined}
                >
                  {row ? (
                    columns.map((c) => (
                      <div key={c.key} style={{ ...cellStyle(c), overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {c.render(row)}
                      </div>
                    ))
                  ) : (
                    <Text c="dimmed">…</Text>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </Paper>
  );
}
