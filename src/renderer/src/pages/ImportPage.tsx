import { Alert, Button, FileButton, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportInspection, ImportMapping, ImportPreview, ImportProgress, ImportResult } from '../../../shared/contract/imports';
import { call } from '../api/client';
import { errorText } from '../components/errorText';
import { ColumnMapping } from '../components/import/ColumnMapping';
import { ImportPreviewPanel } from '../components/import/ImportPreviewPanel';
import { isDefaultMapping, REQUIRED, type ImportOptionsForm, type MappingForm } from '../components/import/importForm';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';

/**
 * Bring past sales in from a CSV: pick the file, match its columns, preview what would be
 * stored with every row's problem and its line number, then import all of it at once.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const touch = useApp((s) => s.touch);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [mapping, setMapping] = useState<MappingForm | null>(null);
  const [options, setOptions] = useState<ImportOptionsForm>({
    sourceName: '',
    createCustomers: false,
    earnPoints: false,
    skipErrors: false,
    dateFormat: 'auto',
    decimalMark: 'auto',
  });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState<'inspect' | 'preview' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pollTimer = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => () => void (pollTimer.current && clearInterval(pollTimer.current)), []);

  async function pick(chosen: File | null): Promise<void> {
    if (!chosen) return;
    setError(null);
    setPreview(null);
    setResult(null);
    setBusy('inspect');
    try {
      const text = await chosen.text();
      const found = await call('imports.inspect', { csv: text });
      setFile({ name: chosen.name, text });
      setInspection(found);
      setMapping({ ...found.suggested, customerKey: found.suggested.customerKey ?? 'auto' } as MappingForm);
      setOptions((o) => ({ ...o, sourceName: chosen.name.replace(/\.[^.]+$/, '') }));
    } catch (e) {
      setError(errorText(t, e));
      setInspection(null);
    } finally {
      setBusy(null);
    }
  }

  function request() {
    return {
      csv: file!.text,
      fileName: file!.name,
      mapping: inspection?.isDefaultHeader && isDefaultMapping(mapping) ? null : (mapping as ImportMapping),
      options: {
        sourceName: options.sourceName || null,
        createCustomers: options.createCustomers,
        earnPoints: options.earnPoints,
        skipErrors: options.skipErrors,
        dateFormat: options.dateFormat,
        decimalMark: options.decimalMark,
        previewRows: 50,
      },
    };
  }

  async function runPreview(): Promise<void> {
    if (!file || !mapping) return;
    const missing = REQUIRED.filter((k) => !mapping[k]);
    if (missing.length) {
      setError(t('import.chooseColumns', { fields: missing.map((k) => t(`import.field.${k}`)).join(', ') }));
      return;
    }
    setError(null);
    setResult(null);
    setBusy('preview');
    try {
      setPreview(await call('imports.preview', request()));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(null);
    }
  }

  async function commit(): Promise<void> {
    if (!file || !preview) return;
    setBusy('commit');
    setError(null);
    const jobId = `import-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    setProgress({ phase: 'checking', done: 0, total: preview.counts.rows });
    pollTimer.current = setInterval(() => {
      void call('imports.progress', { jobId }).then(
        (p) => p && setProgress(p),
        () => undefined,
      );
    }, 250);
    try {
      const r = await call('imports.commit', { ...request(), jobId });
      setResult(r);
      setPreview(null);
      touch();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      if (pollTimer.current) clearInterval(pollTimer.current);
      pollTimer.current = null;
      setProgress(null);
      setBusy(null);
    }
  }

  const canCommit = preview !== null && preview.counts.valid > 0 && (preview.counts.errorRows === 0 || options.skipErrors);

  return (
    <Stack maw={1100}>
      <Title order={2}>{t('import.title')}</Title>
      <Text c="dimmed">{t('import.intro')}</Text>

      <Paper withBorder p="md" radius="md">
        <Group>
          <FileButton onChange={(fl) => void pick(fl)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button {...props} loading={busy === 'inspect'} data-testid="import-pick">
                {file ? t('import.pickAnother') : t('import.pick')}
              </Button>
            )}
          </FileButton>
          {file && inspection && (
            <Text data-testid="import-file">
              {t('import.fileSummary', { name: file.name, rows: inspection.rowCount, columns: inspection.columns.length })}
            </Text>
          )}
        </Group>
        {inspection?.isDefaultHeader && (
          <Alert mt="sm" color="teal" variant="light">
            {t('import.defaultHeader')}
          </Alert>
        )}
      </Paper>

      {error && (
        <Alert color="red" data-testid="import-error">
          {error}
        </Alert>
      )}

      {inspection && mapping && (
        <ColumnMapping
          inspection={inspection}
          mapping={mapping}
          options={options}
          // Any change makes the preview stale.
          onMapping={(m) => (setMapping(m), setPreview(null))}
          onOptions={(o) => (setOptions(o), setPreview(null))}
          onPreview={() => void runPreview()}
          busy={busy === 'preview'}
        />
      )}

      {preview && (
        <ImportPreviewPanel
          preview={preview}
          skipErrors={options.skipErrors}
          onSkipErrors={(skipErrors) => setOptions({ ...options, skipErrors })}
          canCommit={canCommit}
          onCommit={() => void commit()}
          busy={busy === 'commit'}
        />
      )}

      {progress && (
        <Paper withBorder p="md" radius="md">
          <Text size="sm" mb={6}>
            {t(`import.phase.${progress.phase}`)} {progress.total > 0 ? `${f.number(progress.done)} / ${f.number(progress.total)}` : ''}
          </Text>
          <Progress value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} animated data-testid="import-progress" />
        </Paper>
      )}

      {result && (
        <Alert color="green" title={t('import.doneTitle')} data-testid="import-result">
          {t('import.done', {
            imported: result.imported,
            already: result.skippedAlreadyImported,
            skipped: result.skippedErrors,
            created: result.customersCreated,
            total: f.money(result.totalAmount),
          })}{' '}
          {t('import.doneMore', {
            walkIns: result.walkIns,
            withoutDetails: result.customersWithoutDetails,
            points: f.number(result.points),
          })}
        </Alert>
      )}
    </Stack>
  );
}
