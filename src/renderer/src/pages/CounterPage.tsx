import { Alert, Badge, Button, Card, Grid, Group, Paper, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../shared/cardNumber';
import type { CustomerListItem } from '../../../shared/domain';
import { parseMoney } from '../../../shared/money';
import { pointsFor } from '../../../shared/points';
import { call } from '../api/client';
import { errorText } from '../components/errorText';
import { MoneyInput } from '../components/MoneyInput';
import { SalesTable } from '../components/SalesTable';
import { Stat } from '../components/Stat';
import { TierBadge } from '../components/TierBadge';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { lookupCardAtCounter, openAtCounter } from './counterActions';

export function CounterPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { atCounter, scanError, settings, revision, setAtCounter, touch, navigate } = useApp();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CustomerListItem[]>([]);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [today, setToday] = useState<{ sales: Awaited<ReturnType<typeof call<'sales.today'>>>['sales']; total: number; count: number } | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  // One key per purchase attempt, kept while the same purchase is retried, so a retry whose first
  // answer was lost (browser mode on a flaky connection) never records it twice.
  const attempt = useRef<{ key: string; input: string } | null>(null);

  useEffect(() => {
    let live = true;
    void call('sales.today', {}).then((r) => live && setToday(r));
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void call('customers.search', { query: q, limit: 8 }).then((r) => live && setResults(r.items));
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  useEffect(() => {
    if (atCounter) amountRef.current?.focus();
  }, [atCounter]);

  const parsed = settings ? parseMoney(amount, settings.currency) : null;
  const preview = parsed?.ok && atCounter && settings ? pointsFor(parsed.minor, settings.pointsRule) : 0;

  async function record(): Promise<void> {
    if (!settings) return;
    const p = parseMoney(amount, settings.currency);
    if (!p.ok) {
      setAmountError(t(`money.${p.reason}`));
      amountRef.current?.focus();
      return;
    }
    const input = { customerId: atCounter?.customer.id ?? null, amount: p.minor, note: note.trim() || null };
    if (attempt.current?.input !== JSON.stringify(input)) attempt.current = { key: crypto.randomUUID(), input: JSON.stringify(input) };
    const idempotencyKey = attempt.current.key;
    try {
      const r = await call('sales.record', { ...input, idempotencyKey });
      attempt.current = null;
      setAmount('');
      setNote('');
      setAmountError(null);
      setSaved(
        atCounter
          ? t('counter.savedWithPoints', { amount: f.money(r.sale.amount), points: r.sale.points, balance: r.pointsBalance ?? 0 })
          : t('counter.savedWalkIn', { amount: f.money(r.sale.amount) }),
      );
      if (atCounter && r.pointsBalance !== null) {
        // The purchase may lift the customer into a higher tier.
        const tier = (await call('customers.get', { id: atCounter.customer.id }).catch(() => atCounter)).tier;
        setAtCounter({
          ...atCounter,
          tier,
          stats: {
            ...atCounter.stats,
            pointsBalance: r.pointsBalance,
            visits: atCounter.stats.visits + 1,
            totalSpend: atCounter.stats.totalSpend + r.sale.amount,
            lastVisit: r.sale.soldAt,
          },
        });
      }
      touch();
      amountRef.current?.focus();
    } catch (e) {
      setAmountError(errorText(t, e));
    }
  }

  /** Enter in the search box: a typed card number opens the card; otherwise the first match. */
  async function submitSearch(): Promise<void> {
    const q = query.trim();
    if (/^[\d\s-]{10,}$/.test(q) && results.length === 0) {
      // Cleared either way: the outcome shows below, and the field is ready for the next card.
      setQuery('');
      await lookupCardAtCounter(q);
      return;
    }
    const first = results[0];
    if (first) {
      await openAtCounter(first.id);
      setQuery('');
    }
  }

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Paper withBorder p="md" radius="md">
            <TextInput
              size="md"
              label={t('counter.scanOrSearch')}
              placeholder={t('counter.scanPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void submitSearch();
                }
              }}
              data-testid="counter-search"
              autoFocus
            />
            {results.length > 0 && (
              <Stack gap={2} mt="xs" data-testid="counter-results">
                {results.map((c) => (
                  <UnstyledButton
                    key={c.id}
                    onClick={() => {
                      void openAtCounter(c.id);
                      setQuery('');
                    }}
                    p={6}
                    style={{ borderRadius: 6 }}
                    className="hover-row"
                  >
                    <Group justify="space-between">
                      <Text fw={500}>{c.fullName}</Text>
                      <Text size="sm" c="dimmed">
                        {[c.phone, c.code].filter(Boolean).join(' · ')}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
            {scanError && (
              <Alert color="red" mt="sm" title={t('counter.scanProblem')} data-testid="scan-error">
                {t(`errors.${scanError.code}`, { ...(scanError.params ?? {}), defaultValue: scanError.message })}
              </Alert>
            )}
          </Paper>

          <Paper withBorder p="md" radius="md" data-testid="counter-customer">
            {atCounter ? (
              <Stack gap="xs">
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Group gap="xs">
                      <Title order={3}>{atCounter.customer.fullName}</Title>
                      <TierBadge tier={atCounter.tier} />
                    </Group>
                    <Text size="sm" c="dimmed">
                      {atCounter.customer.code}
                      {atCounter.card ? ` · ${t('counter.card')} ${formatCardNumber(atCounter.card.number)}` : ''}
                    </Text>
                  </div>
                  <Group gap="xs">
                    <Button variant="light" size="xs" onClick={() => navigate({ page: 'customer', id: atCounter.customer.id })}>
                      {t('counter.openProfile')}
                    </Button>
                    <Button variant="default" size="xs" onClick={() => setAtCounter(null)}>
                      {t('counter.walkIn')}
                    </Button>
                  </Group>
                </Group>
                <Group gap="lg">
                  <Stat label={t('stats.points')} value={f.number(atCounter.stats.pointsBalance)} testId="points-balance" />
                  <Stat label={t('stats.visits')} value={f.number(atCounter.stats.visits)} />
                  <Stat label={t('stats.totalSpend')} value={f.money(atCounter.stats.totalSpend)} />
                  <Stat label={t('stats.lastVisit')} value={f.date(atCounter.stats.lastVisit)} />
                </Group>
              </Stack>
            ) : (
              <Group>
                <Badge variant="light" color="gray" size="lg">
                  {t('counter.walkIn')}
                </Badge>
                <Text c="dimmed" size="sm">
                  {t('counter.walkInHint')}
                </Text>
              </Group>
            )}
          </Paper>

          <Paper withBorder p="md" radius="md">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void record();
              }}
            >
              <Group align="flex-start" grow>
                <MoneyInput
                  ref={amountRef}
                  size="md"
                  label={t('counter.amount')}
                  value={amount}
                  onChange={(e) => {
                    setAmount(e.currentTarget.value);
                    setAmountError(null);
                    setSaved(null);
                  }}
                  error={amountError}
                  data-testid="sale-amount"
                />
                <TextInput size="md" label={t('counter.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="sale-note" />
              </Group>
              <Group justify="space-between" mt="md">
                <Text data-testid="points-preview" c={atCounter ? undefined : 'dimmed'}>
                  {atCounter ? t('counter.pointsPreview', { points: preview }) : t('counter.noPointsWalkIn')}
                </Text>
                <Button type="submit" size="md" data-testid="record-sale">
                  {t('counter.record')}
                </Button>
              </Group>
              {saved && (
                <Alert color="green" mt="sm" data-testid="sale-saved">
                  {saved}
                </Alert>
              )}
            </form>
          </Paper>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder radius="md">
          <Group justify="space-between" mb="sm">
            <Title order={4}>{t('counter.today')}</Title>
            {today && (
              <Text size="sm" c="dimmed" data-testid="today-summary">
                {t('counter.todaySummary', { count: today.count, total: f.money(today.total) })}
              </Text>
            )}
          </Group>
          {today && <SalesTable sales={today.sales} showCustomer />}
        </Card>
      </Grid.Col>
    </Grid>
  );
}
