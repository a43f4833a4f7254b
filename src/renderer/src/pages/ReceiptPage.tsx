import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { makeFormats } from '../hooks/formats';
import { useApiQuery } from '../hooks/useApiQuery';
import { ReceiptSheet, type ReceiptPaper } from '../components/receipts/ReceiptSheet';

const PAPER_KEY = 'regulars.receiptPaper';
const MM_PER_PX = 25.4 / 96;

function storedPaper(): ReceiptPaper {
  return localStorage.getItem(PAPER_KEY) === 'a4' ? 'a4' : '80mm';
}

/**
 * A purchase's receipt: a preview, the paper (an 80 mm roll or A4, remembered on this device) and
 * Print. Printing sends only the receipt (a .print-root beside the app); an 80 mm page is as long
 * as the slip itself, measured from the preview, so a roll printer cuts it where it ends.
 */
export function ReceiptPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [paper, setPaper] = useState<ReceiptPaper>(storedPaper);
  const { data: receipt, error } = useApiQuery('sales.receipt', { saleId: id }, id, 0);
  const previewRef = useRef<HTMLDivElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const [lengthMm, setLengthMm] = useState<number | null>(null);

  const shopT = useMemo(() => (receipt ? i18n.getFixedT(receipt.shop.locale) : t), [receipt, i18n, t]);
  const shopF = useMemo(() => (receipt ? makeFormats(receipt.shop.locale, receipt.shop.currency, receipt.shop.timeZone) : null), [receipt]);

  useLayoutEffect(() => {
    const el = previewRef.current?.querySelector('.receipt');
    if (el) setLengthMm(Math.ceil(el.getBoundingClientRect().height * MM_PER_PX) + 2);
  }, [receipt, paper]);

  useEffect(() => {
    if (receipt) printRef.current?.focus();
  }, [receipt]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) window.history.back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function choose(p: ReceiptPaper): void {
    localStorage.setItem(PAPER_KEY, p);
    setPaper(p);
  }

  return (
    <Stack maw={720}>
      <Group justify="space-between" className="no-print">
        <Title order={3}>{t('receipt.title')}</Title>
        <Group>
          <SegmentedControl
            aria-label={t('receipt.paper')}
            value={paper}
            onChange={(v) => choose(v as ReceiptPaper)}
            data={[
              { value: '80mm', label: t('receipt.paper80') },
              { value: 'a4', label: t('receipt.paperA4') },
            ]}
            data-testid="receipt-paper"
          />
          <Button variant="default" onClick={() => window.history.back()} data-testid="receipt-back">
            {t('receipt.back')}
          </Button>
          <Button ref={printRef} onClick={() => window.print()} disabled={!receipt} data-testid="receipt-print">
            {t('receipt.printNow')}
          </Button>
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {receipt && shopF && (
        <>
          <Text size="sm" c="dimmed" className="no-print">
            {t('receipt.shopLanguage')}
          </Text>
          <Paper withBorder p="md" className="no-print receipt-preview" ref={previewRef}>
            <ReceiptSheet receipt={receipt} paper={paper} t={shopT} f={shopF} />
          </Paper>
          {createPortal(
            <div className={`print-root receipt-root receipt-root-${paper}`} data-testid="printable-receipt">
              {paper === '80mm' && lengthMm !== null && <style>{`@page receipt80 { size: 80mm ${lengthMm}mm; margin: 0; }`}</style>}
              <ReceiptSheet receipt={receipt} paper={paper} t={shopT} f={shopF} />
            </div>,
            document.body,
          )}
        </>
      )}
    </Stack>
  );
}
