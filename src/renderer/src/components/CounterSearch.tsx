import { Group, Paper, Text, TextInput } from '@mantine/core';
import { forwardRef, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '../../../shared/domain';
import { call } from '../api/client';
import { lookupCardAtCounter, openAtCounter } from '../pages/counterActions';

interface Props {
  query: string;
  onQueryChange(query: string): void;
  /** Enter with nothing typed: the cashier wants the amount (a walk-in). */
  onEmptyEnter(): void;
  /** Shown under the results (the outcome of the last swipe). */
  children?: ReactNode;
}

/**
 * The counter's search: a combobox whose options are the matching customers. Arrow keys move the
 * highlight (aria-activedescendant keeps focus in the field, so typing goes on), Enter takes the
 * highlighted one, a typed card number opens its card.
 */
export const CounterSearch = forwardRef<HTMLInputElement, Props>(function CounterSearch(
  { query, onQueryChange, onEmptyEnter, children },
  ref,
) {
  const { t } = useTranslation();
  const listId = useId();
  // The results remember their query, so an Enter typed faster than the search never takes a stale list.
  const [results, setResults] = useState<{ query: string; items: CustomerListItem[] }>({ query: '', items: [] });
  const [active, setActive] = useState(0);
  const q = query.trim();
  const items = results.query === q ? results.items : [];
  const open = items.length > 0;

  useEffect(() => {
    if (q === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void call('customers.search', { query: q, limit: 8 }).then((r) => {
        if (!live) return;
        setResults({ query: q, items: r.items });
        setActive(0);
      });
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  function pick(c: CustomerListItem): void {
    onQueryChange('');
    void openAtCounter(c.id);
  }

  async function submit(): Promise<void> {
    if (q === '') {
      onEmptyEnter();
      return;
    }
    const found = results.query === q ? results.items : (await call('customers.search', { query: q, limit: 8 })).items;
    if (/^[\d\s-]{10,}$/.test(q) && found.length === 0) {
      // Cleared either way: the outcome shows below, and the field is ready for the next card.
      onQueryChange('');
      await lookupCardAtCounter(q);
      return;
    }
    const chosen = found[results.query === q ? active : 0];
    if (chosen) pick(chosen);
  }

  const optionId = (i: number): string => `${listId}-${i}`;

  return (
    <Paper withBorder p="md" radius="md">
      <TextInput
        ref={ref}
        size="md"
        label={t('counter.scanOrSearch')}
        placeholder={t('counter.scanPlaceholder')}
        value={query}
        onChange={(e) => onQueryChange(e.currentTarget.value)}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(active) : undefined}
        autoComplete="off"
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            if (!open) return;
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((a) => (a + step + items.length) % items.length);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void submit();
          }
        }}
        data-testid="counter-search"
        autoFocus
      />
      <div role="listbox" id={listId} aria-label={t('counter.results')} data-testid="counter-results" hidden={!open}>
        {items.map((c, i) => (
          <Group
            key={c.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            data-active={i === active || undefined}
            className="counter-option"
            justify="space-between"
            wrap="nowrap"
            // Keep the focus in the field: the option is taken on click, the field keeps typing.
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(c)}
          >
            <Text fw={500} truncate>
              {c.fullName}
            </Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {[c.phone, c.code].filter(Boolean).join(' · ')}
            </Text>
          </Group>
        ))}
      </div>
      {children}
    </Paper>
  );
});
