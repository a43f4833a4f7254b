import { Alert, Button } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CustomerImportResult } from '../../../../shared/contract/customerImport';
import { problemText } from './PreviewPanel';

/** A cell Excel would not run as a formula (= + - @ tab CR at the start), quoted. */
function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The problems of an import as CSV, with a byte-order mark so Excel shows Vietnamese and Chinese. */
export function summaryCsv(t: TFunction, r: CustomerImportResult): string {
  const head = (['line', 'column', 'outcome', 'problem'] as const).map((k) => cell(t(`customerImport.summaryColumns.${k}`)));
  const rows = [
    ...r.rejected.map((p) => ({ p, outcome: 'rejected' as const })),
    ...r.flagged.map((p) => ({ p, outcome: 'flagged' as const })),
  ].sort((a, b) => a.p.line - b.p.line);
  const lines = rows.map(({ p, outcome }) =>
    [cell(p.line), cell(p.column), cell(t(`customerImport.outcome.${outcome}`)), cell(problemText(t, p))].join(','),
  );
  return '\ufeff' + [head.join(','), ...lines].join('\r\n') + '\r\n';
}

export function ResultPanel({ result, fileName }: { result: CustomerImportResult; fileName: string }) {
  const { t } = useTranslation();
  const rejectedRows = new Set(result.rejected.map((p) => p.line)).size;
  const download = (): void => {
    const url = URL.createObjectURL(new Blob([summaryCsv(t, result)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${fileName.replace(/\.[^.]+$/, '')}-import-summary.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Alert color="green" title={t('customerImport.doneTitle')} data-testid="ci-result">
      {t('customerImport.done', {
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        rejected: rejectedRows,
        flagged: result.flagged.length,
      })}
      {(result.rejected.length > 0 || result.flagged.length > 0) && (
        <div>
          <Button mt="sm" size="xs" variant="light" onClick={download} data-testid="ci-download">
            {t('customerImport.downloadSummary')}
          </Button>
        </div>
      )}
    </Alert>
  );
}
