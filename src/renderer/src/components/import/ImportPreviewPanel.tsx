import { Alert, Button, Checkbox, Group, Paper, ScrollArea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ImportRowError } from '../../../../shared/contract/imports';
import { PreviewCounts } from './PreviewCounts';
import { PreviewRows } from './PreviewRows';

interface Props {
  preview: ImportPreview;
  skipErrors: boolean;
  onSkipErrors(skip: boolean): void;
  canCommit: boolean;
  onCommit(): void;
  /** The import is running. */
  busy: boolean;
}

/** What the import would store, every row's problem with its line, and the button that imports it. */
export function ImportPreviewPanel({ preview, skipErrors, onSkipErrors, canCommit, onCommit, busy }: Props) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid="import-preview-panel">
      <Title order={4} mb="sm">
        {t('import.previewTitle')}
      </Title>
      <PreviewCounts preview={preview} />
      {preview.errorCount > 0 && (
        <Alert color="red" mb="md" title={t('import.errorsTitle', { count: preview.errorCount })} data-testid="import-error-list">
          <ScrollArea.Autosize mah={220}>
            {preview.errors.map((e, i) => (
              <div key={i}>{rowErrorText(t, e)}</div>
            ))}
          </ScrollArea.Autosize>
        </Alert>
      )}
      <PreviewRows rows={preview.rows} />
      <Group justify="space-between" mt="md">
        {preview.counts.errorRows > 0 ? (
          <Checkbox
            label={t('import.skipErrors', { count: preview.counts.errorRows })}
            checked={skipErrors}
            onChange={(e) => onSkipErrors(e.currentTarget.checked)}
            data-testid="import-skip-errors"
          />
        ) : (
          <span />
        )}
        <Button onClick={onCommit} disabled={!canCommit} loading={busy} data-testid="import-commit">
          {t('import.commit', { count: preview.counts.valid })}
        </Button>
      </Group>
    </Paper>
  );
}

function rowErrorText(t: ReturnType<typeof useTranslation>['t'], e: ImportRowError): string {
  const what = t(`import.rowError.${e.code}`, { value: e.value ?? '', defaultValue: e.message });
  return e.column ? t('import.rowErrorAt', { line: e.line, column: e.column, what }) : t('import.rowErrorLine', { line: e.line, what });
}
