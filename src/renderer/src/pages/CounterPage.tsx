import { Alert, Box, Button, Card, Grid, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { amountDoubt, parseMoney } from '../../../shared/money';
import { pointsFor, valueOfPoints } from '../../../shared/points';
import { call } from '../api/client';
import { newRequestKey } from '../api/requestKey';
import type { CouponQuote } from '../../../shared/contract/campaigns';
import { formatCouponCode } from '../../../shared/couponCode';
import { AmountDoubtModal, type DoubtfulAmount } from '../components/AmountDoubtModal';
import { AfterSale, type LastSale } from '../components/receipts/AfterSale';
import { CouponField } from '../components/CouponField';
import { PointsField, typedPoints } from '../components/PointsField';
import { CounterSearch } from '../components/CounterSearch';
import { CustomerAtCounter } from '../components/CustomerAtCounter';
import { errorField, errorText } from '../components/errorText';
import { MoneyInput } from '../components/MoneyInput';
import { SalesTable } from '../components/SalesTable';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';

export function CounterPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { atCounter, scanError, settings, revision, setAtCounter, touch, scannedCoupon, setScannedCoupon, navigate } = useApp();
  const [query, setQuery] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [lastSale, setLastSale] = useState<LastSale | null>(null);
  // Ctrl+P with no sale to print: said at the counter instead of printing the counter screen.
  const [nothingToPrint, setNothingToPrint] = useState(false);
  const [doubtful, setDoubtful] = useState<DoubtfulAmount | null>(null);
  const [coupon, setCoupon] = useState('');
  const [quote, setQuote] = useState<CouponQuote | null>(null);
  const [couponError, setCouponError] = useState<string | null>(null);
  const [usePoints, setUsePoints] = useState('');
  const [pointsError, setPointsError] = useState<string | null>(null);
  const onQuote = useCallback((q: CouponQuote | null) => setQuote(q), []);
  const today = useApiQuery('sales.today', {}, String(revision), 0).data;
  const guide = useApiQuery('sales.amountGuide', {}, String(revision), 0).data;
  const rootRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  // A second Enter while the first sale is on its way must not record it twice.
  const recording = useRef(false);
  // One key per purchase attempt, kept while the same purchase is retried, so a retry whose first
  // answer was lost (browser mode on a flaky connection) never records it twice.
  const attempt = useRef<{ key: string; input: string } | null>(null);

  useEffect(() => {
    if (atCounter) amountRef.current?.focus();
    // Points typed for one customer are never spent from the next one's balance.
    setUsePoints('');
    setPointsError(null);
    // "Record it anyway" would record the amount asked about for whoever was swiped meanwhile.
    setDoubtful(null);
  }, [atCounter]);

  // A coupon scanned on any screen lands in the coupon field (routed by shape, counterActions.ts).
  useEffect(() => {
    if (!scannedCoupon) return;
    setCoupon(scannedCoupon);
    setCouponError(null);
    setScannedCoupon(null);
  }, [scannedCoupon, setScannedCoupon]);

  /** Empties what was typed for one purchase. */
  function clearPurchase(): void {
    setAmount('');
    setNote('');
    setCoupon('');
    setCouponError(null);
    setAmountError(null);
    setUsePoints('');
    setPointsError(null);
    setNothingToPrint(false);
  }

  /**
   * Nobody at the counter: the next purchase is a walk-in's until a card or a search says otherwise.
   * What was typed for the customer let go goes with them: their coupon left in the field made the
   * next "walk-in" sale theirs (a personal coupon names its holder), with their amount. The cleared
   * fields render before the focus moves: the coupon field formats its code on blur, and a blur
   * seen before that render put the code back.
   */
  function readyForNext(): void {
    flushSync(() => {
      setAtCounter(null);
      setQuery('');
      clearPurchase();
    });
    searchRef.current?.focus();
  }

  // Esc on the counter (not inside a dialog, which closes itself) lets go of the customer.
  // Ctrl+P after a sale opens its receipt, ready to print: the browser's own print of the counter
  // gave a sheet of the sale form and today's list, not the customer's receipt. Before any sale
  // (or once its receipt was dealt with) there is no receipt to print, and the cashier is told so.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        if (lastSale) navigate({ page: 'receipt', id: lastSale.id });
        else setNothingToPrint(true);
        return;
      }
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as Node | null;
      if (target !== document.body && !rootRef.current?.contains(target)) return;
      readyForNext();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const parsed = settings ? parseMoney(amount, settings.currency) : null;
  const afterCoupon = parsed?.ok ? (quote ? quote.amountAfter : parsed.minor) : null;
  // Spending points: offered when the shop gives them a value and the customer has some.
  const balance = atCounter?.stats.pointsBalance ?? 0;
  const canSpend = Boolean(settings?.pointsValue && atCounter && balance > 0);
  const spend = canSpend ? typedPoints(usePoints) : 0;
  const spendValue = canSpend && spend > 0 && settings?.pointsValue ? valueOfPoints(spend, settings.pointsValue) : 0;
  // Points on what will be paid, plus a coupon's bonus.
  // A walk-in's sale with a personal coupon goes to the coupon's holder (sales.ts): say so before Enter.
  const holderName = !atCounter && quote?.holderId ? quote.holderName : null;
  const preview =
    afterCoupon !== null && (atCounter || holderName) && settings
      ? pointsFor(Math.max(0, afterCoupon - spendValue), settings.pointsRule) + (quote?.bonusPoints ?? 0)
      : 0;

  function correctAmount(): void {
    setDoubtful(null);
    amountRef.current?.focus();
    amountRef.current?.select();
  }

  async function record(confirmed = false): Promise<void> {
    if (!settings || recording.current) return;
    const p = parseMoney(amount, settings.currency);
    if (!p.ok) {
      setAmountError(t(`money.${p.reason}`));
      amountRef.current?.focus();
      return;
    }
    if (Number.isNaN(spend)) {
      setPointsError(t('points.notWhole'));
      return;
    }
    // The shop's usual range may still be on its way (the page just opened, or a sale just changed
    // it): ask for it rather than judge a big amount by a new shop's ceiling.
    recording.current = true; // a second Enter while the range is fetched must not start another sale
    const usual = confirmed ? null : (guide ?? (await call('sales.amountGuide', {}).catch(() => null)));
    recording.current = false;
    const doubt = confirmed ? null : amountDoubt(p.minor, settings.currency, usual);
    if (doubt) {
      setDoubtful({ minor: p.minor, doubt });
      return;
    }
    setDoubtful(null);
    const member = atCounter;
    const input = {
      customerId: member?.customer.id ?? null,
      amount: p.minor,
      note: note.trim() || null,
      couponCode: coupon.trim() || null,
      ...(spend > 0 ? { redeemPoints: spend } : {}),
    };
    if (attempt.current?.input !== JSON.stringify(input)) attempt.current = { key: newRequestKey(), input: JSON.stringify(input) };
    const idempotencyKey = attempt.current.key;
    recording.current = true;
    try {
      const r = await call('sales.record', { ...input, idempotencyKey });
      attempt.current = null;
      setLastSale({ id: r.sale.id, customerId: r.sale.customerId, customerName: r.sale.customerName });
      setNothingToPrint(false);
      // Let go of the member now, before anything else is awaited: a card swiped meanwhile stays.
      if (member && useApp.getState().atCounter === member) readyForNext();
      else {
        flushSync(clearPurchase);
        if (!member) searchRef.current?.focus();
      }
      touch();
      const couponNote =
        (r.sale.couponCode ? ` ${t('coupon.applied', { code: formatCouponCode(r.sale.couponCode) })}` : '') +
        (r.sale.pointsRedeemed > 0
          ? ` ${t('points.savedRedeemed', { points: r.sale.pointsRedeemed, value: f.money(r.sale.redeemedValue) })}`
          : '');
      if (member) {
        const amountText = f.money(r.sale.amount);
        const name = member.customer.fullName;
        const line = t('counter.savedFor', { name, amount: amountText, points: r.sale.points, balance: r.pointsBalance ?? 0 }) + couponNote;
        // The sale's answer carries the tier before and after it: an upgrade is said at once (the
        // cashier can tell them), and how far the next tier is.
        const tier = r.tier?.tier ?? null;
        const upgrade = tier && tier !== (r.tierBefore ?? null) ? ` ${t('counter.tierUp', { tier })}` : '';
        const next = r.tier?.next ? ` ${t('tiers.toNextSentence', { amount: f.money(r.tier.next.toGo), tier: r.tier.next.name })}` : '';
        setSaved(line + upgrade + next);
      } else {
        setSaved(
          r.sale.customerName
            ? t('counter.savedFor', {
                name: r.sale.customerName,
                amount: f.money(r.sale.amount),
                points: r.sale.points,
                balance: r.pointsBalance ?? 0,
              }) + couponNote
            : t('counter.savedWalkIn', { amount: f.money(r.sale.amount) }) + couponNote,
        );
      }
    } catch (e) {
      if (errorField(e) === 'couponCode') setCouponError(errorText(t, e));
      else if (errorField(e) === 'redeemPoints') setPointsError(errorText(t, e));
      else setAmountError(errorText(t, e));
    } finally {
      recording.current = false;
    }
  }

  return (
    <Grid gap="lg" ref={rootRef}>
      <Grid.Col span={{ base: 12, md: 6, lg: 7 }}>
        <Stack>
          <CounterSearch ref={searchRef} query={query} onQueryChange={setQuery} onEmptyEnter={() => amountRef.current?.focus()}>
            {scanError && (
              <Alert color="red" mt="sm" title={t('counter.scanProblem')} data-testid="scan-error">
                {t(`errors.${scanError.code}`, { ...(scanError.params ?? {}), defaultValue: scanError.message })}
              </Alert>
            )}
          </CounterSearch>

          <CustomerAtCounter onWalkIn={readyForNext} />

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
                  // What "45k" became, in the shop's format, before it is recorded.
                  description={parsed?.ok ? `= ${f.money(parsed.minor)}` : '\u00a0'}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  descriptionProps={{ 'data-testid': 'amount-preview' }}
                  error={amountError}
                  data-testid="sale-amount"
                />
                <TextInput
                  size="md"
                  label={t('counter.note')}
                  placeholder={t('counter.notePlaceholder')}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  data-testid="sale-note"
                />
              </Group>
              <CouponField
                value={coupon}
                onChange={(v) => {
                  setCoupon(v);
                  setCouponError(null);
                  setSaved(null);
                }}
                customerId={atCounter?.customer.id ?? null}
                amount={parsed?.ok ? parsed.minor : null}
                onQuote={onQuote}
                error={couponError}
              />
              {canSpend && settings?.pointsValue && (
                <PointsField
                  value={usePoints}
                  onChange={(v) => {
                    setUsePoints(v);
                    setPointsError(null);
                    setSaved(null);
                  }}
                  balance={balance}
                  pointsValue={settings.pointsValue}
                  amount={afterCoupon}
                  error={pointsError}
                />
              )}
              <Group justify="space-between" mt="md">
                <Text data-testid="points-preview" c={atCounter || holderName ? undefined : 'dimmed'}>
                  {atCounter
                    ? t('counter.pointsPreview', { points: preview })
                    : holderName
                      ? t('counter.pointsPreviewHolder', { points: preview, name: holderName })
                      : t('counter.noPointsWalkIn')}
                </Text>
                <Button type="submit" size="md" data-testid="record-sale">
                  {t('counter.record')}
                </Button>
              </Group>
            </form>
          </Paper>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6, lg: 5 }}>
        {/* Who the sale went to, its rating and its receipt, at the top beside the form: below the
            form they were under the fold at 1024×700, and the cashier must see the name at once. */}
        {nothingToPrint && !lastSale && (
          <Alert color="blue" mb="md" role="status" data-testid="nothing-to-print">
            {t('counterPrint.nothing')}
          </Alert>
        )}
        {saved && (
          <Alert color="green" mb="md" data-testid="sale-saved">
            {saved}
          </Alert>
        )}
        {lastSale && (
          <Box mb="md">
            <AfterSale key={lastSale.id} sale={lastSale} onDone={() => setLastSale(null)} />
          </Box>
        )}
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
      <AmountDoubtModal doubtful={doubtful} onCorrect={correctAmount} onRecord={() => void record(true)} />
    </Grid>
  );
}
