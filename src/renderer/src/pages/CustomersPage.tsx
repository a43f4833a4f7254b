import { Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../shared/cardNumber';
import type { MethodOutput } from '../../../shared/contract';
import type { ResponsibleFilter as Filter } from '../../../shared/contract/core';
import type { CustomerListItem } from '../../../shared/domain';
import { call } from '../api/client';
import { CustomerForm } from '../components/CustomerForm';
import { listRowKeys } from '../components/listRowKeys';
import { ANYONE, ResponsibleFilter } from '../components/staff/ResponsibleFilter';
import { useApp } from '../stores/app';

const PAGE = 100;
const ROW_HEIGHT = 44;

/**
 * The customer list: instant search and a virtualised window over any number of customers.
 * Rows are fetched a page at a time as they scroll into view. The search and the responsible
 * staff filter are one backend query, so the count and the paging are the filtered list's.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const { navigate, revision } = useApp();
  const [query, setQuery] = useState('');
  const [responsible, setResponsible] = useState<Filter>(ANYONE);
  const [total, setTotal] = useState(0);
  const [exact, setExact] = useState(true);
  const [rows, setRows] = useState<Map<number, CustomerListItem>>(new Map());
  const [creating, setCreating] = useState(false);
  // The search the rows on screen answer: Enter typed faster than the search opens nobody rather than the last search's first.
  const [rowsFor, setRowsFor] = useState<string | null>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const parentRef = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(async (page: number, q: string, filter: Filter, gen: number) => {
    const inFlight = loading.current;
    if (inFlight.has(page)) return;
    inFlight.add(page);
    let r: MethodOutput<'customers.search'>;
    try {
      r = await call('customers.search', { query: q, offset: page * PAGE, limit: PAGE, responsible: filter });
    } finally {
      inFlight.delete(page);
    }
    if (gen !== generation.current) return;
    setRowsFor(q);
    setTotal(r.total);
    setExact(r.totalIsExact);
    setRows((prev) => {
      const next = new Map(prev);
      r.items.forEach((item, i) => next.set(page * PAGE + i, item));
      return next;
    });
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    loading.current = new Set();
    const timer = setTimeout(() => {
      // A page the rows effect fetched for this search meanwhile is wiped here: fetch it again, or the
      // list stayed "…" under a count of 1 (a search typed fast, its answer back within the 40 ms).
      loading.current = new Set();
      setRows(new Map());
      void loadPage(0, query.trim(), responsible, gen);
    }, 40);
    return () => clearTimeout(timer);
  }, [query, responsible, revision, loadPage]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    for (const it of items) {
      if (!rows.has(it.index)) void loadPage(Math.floor(it.index / PAGE), query.trim(), responsible, generation.current);
    }
  }, [items, rows, loadPage, query, responsible]);

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('customers.title')}</Title>
        <Button onClick={() => setCreating(true)} data-testid="new-customer">
          {t('customers.new')}
        </Button>
      </Group>
      <Group mb="xs" wrap="nowrap">
        <TextInput
          flex={1}
          placeholder={t('customers.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter opens the first customer found; the down arrow goes into the list.
            const first = parentRef.current?.querySelector<HTMLElement>('[data-testid="customer-row"]');
            if (rowsFor !== query.trim()) return;
            if (e.key === 'Enter' && first) first.click();
            else if (e.key === 'ArrowDown' && first) {
              e.preventDefault();
              first.focus();
            }
          }}
          data-testid="customer-search"
          autoFocus
        />
        <ResponsibleFilter value={responsible} onChange={setResponsible} />
      </Group>
      <Text size="sm" c="dimmed" mb="xs" data-testid="customer-count">
        {exact ? t('customers.count', { count: total }) : t('customers.countAtLeast', { count: total })}
      </Text>
      <Paper withBorder radius="md" ref={parentRef} style={{ height: 'calc(100vh - 260px)', overflow: 'auto' }} data-testid="customer-list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const c = rows.get(it.index);
            return (
              <div
                key={it.key}
                className="list-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${it.start}px)` }}
                {...listRowKeys(c ? () => navigate({ page: 'customer', id: c.id }) : null)}
                data-testid={c ? 'customer-row' : undefined}
              >
                {c ? (
                  <Group justify="space-between" wrap="nowrap" px="md" h="100%">
                    <Text fw={500} truncate>
                      {c.fullName}
                    </Text>
                    <Group gap="lg" wrap="nowrap">
                      <Text size="sm" c="dimmed">
                        {c.phone ?? ''}
                      </Text>
                      <Text size="sm" c="dimmed" w={150}>
                        {c.cardNumber ? formatCardNumber(c.cardNumber) : ''}
                      </Text>
                      <Text size="sm" c="dimmed" w={70}>
                        {c.code}
                      </Text>
                    </Group>
                  </Group>
                ) : (
                  <Text px="md" c="dimmed" lh={`${ROW_HEIGHT}px`}>
                    …
                  </Text>
                )}
              </div>
            );
          })}
        </div>
      </Paper>
      <CustomerForm
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          navigate({ page: 'customer', id: c.id });
        }}
      />
    </>
  );
}
