import { Alert, Button, FileButton, Group, Paper, Progress, Radio, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_IMPORT_FIELDS,
  type BadFieldChoice,
  type CustomerImportField,
  type CustomerImportFile,
  type CustomerImportInput,
  type CustomerImportInspection,
  type CustomerImportPreview,
  type CustomerImportResult,
  type DuplicateChoice,
} from '../../../shared/contract/customerImport';
import type { ImportProgress } from '../../../shared/contract/imports';
import { ApiCallError, call } from '../api/client';
import { errorText } from '../components/errorText';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { PreviewPanel } from './customerImport/PreviewPanel';
import { ResultPanel } from './customerImport/ResultPanel';

type MappingForm = Record<CustomerImportField, string | null>;
type DateOrder = 'auto' | 'dmy' | 'mdy';

/** Browser mode sends the file through the HTTP API, whose body is at most 10 MB (base64 and JSON included). */
const BROWSER_MAX_BYTES = 7 * 1024 * 1024;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * Bring customers in from a CSV or .xlsx file: pick it, match its columns, preview what would be
 * created, updated, skipped or rejected (problems by line, duplicates with a choice each), then
 * import all of it in one go and download the list of problems.
 */
export function CustomerImportPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const touch = useApp((s) => s.touch);
  const [file, setFile] = useState<{ name: string; payload: CustomerImportFile } | null>(null);
  const [inspection, setInspection] = useState<CustomerImportInspection | null>(null);
  const [mapping, setMapping] = useState<MappingForm | null>(null);
  const [dateFormat, setDateFormat] = useState<DateOrder>('auto');
  const [onDuplicate, setOnDuplicate] = useState<DuplicateChoice>('skip');
  const [choices, setChoices] = useState<Map<number, DuplicateChoice>>(new Map());
  const [badFields, setBadFields] = useState<BadFieldChoice>('reject');
  const [preview, setPreview] = useState<CustomerImportPreview | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<CustomerImportResult | null>(null);
  const [busy, setBusy] = useState<'inspect' | 'preview' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pollTimer = useRef<ReturnType<typeof setInterval> | null>(null);
  // Cleared after each pick, so choosing the same file again (after fixing it) is seen.
  const resetPick = useRef<() => void>(null);

  useEffect(() => () => void (pollTimer.current && clearInterval(pollTimer.current)), []);

  const fail = (e: unknown): void =>
    setError(e instanceof ApiCallError && e.error.field === 'file' ? t('customerImport.notXlsx') : errorText(t, e));

  function request(
    m: MappingForm,
    payload: CustomerImportFile,
    name: string,
    over: Partial<{
      onDuplicate: DuplicateChoice;
      badFields: BadFieldChoice;
      dateFormat: DateOrder;
      choices: Map<number, DuplicateChoice>;
    }> = {},
  ): CustomerImportInput {
    return {
      file: payload,
      fileName: name,
      mapping: { ...m, name: m.name ?? '' },
      options: {
        onDuplicate: over.onDuplicate ?? onDuplicate,
        badFields: over.badFields ?? badFields,
        dateFormat: over.dateFormat ?? dateFormat,
        duplicateChoices: [...(over.choices ?? choices)].map(([line, choice]) => ({ line, choice })),
        previewRows: 200,
      },
    };
  }

  async function runPreview(
    m = mapping,
    payload = file?.payload,
    name = file?.name,
    over: Parameters<typeof request>[3] = {},
  ): Promise<void> {
    if (!m || !payload || !name) return;
    if (!m.name) return setError(t('customerImport.chooseName'));
    setError(null);
    setResult(null);
    setBusy('preview');
    try {
      setPreview(await call('customerImport.preview', request(m, payload, name, over)));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  }

  async function pick(chosen: File | null): Promise<void> {
    if (!chosen) return;
    resetPick.current?.();
    setError(null);
    setPreview(null);
    setResult(null);
    setChoices(new Map());
    if (!window.regulars && chosen.size > BROWSER_MAX_BYTES) {
      setError(t('customerImport.tooLarge', { mb: Math.floor(BROWSER_MAX_BYTES / 1024 / 1024) }));
      return;
    }
    setBusy('inspect');
    try {
      const isXlsx = /\.xlsx$/i.test(chosen.name) || chosen.type.includes('spreadsheetml');
      const payload: CustomerImportFile = isXlsx
        ? { kind: 'xlsx', base64: await readBase64(chosen) }
        : { kind: 'csv', text: await chosen.text(), delimiter: null };
      const found = await call('customerImport.inspect', { file: payload, fileName: chosen.name, previewRows: 0 });
      const m = Object.fromEntries(CUSTOMER_IMPORT_FIELDS.map((k) => [k, found.suggested[k] ?? null])) as MappingForm;
      setFile({ name: chosen.name, payload });
      setInspection(found);
      setMapping(m);
      setBusy(null);
      // A new file starts without the last file's row-by-row choices (state is not updated yet here).
      if (m.name) await runPreview(m, payload, chosen.name, { choices: new Map() });
    } catch (e) {
      fail(e);
      setInspection(null);
    } finally {
      setBusy(null);
    }
  }

  async function commit(): Promise<void> {
    if (!file || !mapping || !preview) return;
    setBusy('commit');
    setError(null);
    const jobId = `customers-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    setProgress({ phase: 'checking', done: 0, total: 0 });
    pollTimer.current = setInterval(() => {
      void call('customerImport.progress', { jobId }).then(
        (p) => p && setProgress(p),
        () => undefined,
      );
    }, 250);
    try {
      setResult(await call('customerImport.commit', { ...request(mapping, file.payload, file.name), jobId }));
      setPreview(null);
      touch();
    } catch (e) {
      fail(e);
    } finally {
      if (pollTimer.current) clearInterval(pollTimer.current);
      pollTimer.current = null;
      setProgress(null);
      setBusy(null);
    }
  }

  const columnChoices = (inspection?.columns ?? []).map((c) => ({ value: c, label: c }));
  const setField = (k: CustomerImportField, v: string | null): void => {
    setMapping({ ...mapping!, [k]: v });
    setPreview(null);
  };

  return (
    <Stack maw={1100}>
      <Title order={2}>{t('customerImport.title')}</Title>
      <Text c="dimmed">{t('customerImport.intro')}</Text>

      <Paper withBorder p="md" radius="md">
        <Group>
          <FileButton
            resetRef={resetPick}
            onChange={(fl) => void pick(fl)}
            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          >
            {(props) => (
              <Button {...props} loading={busy === 'inspect'} data-testid="ci-pick">
                {file ? t('customerImport.pickAnother') : t('customerImport.pick')}
              </Button>
            )}
          </FileButton>
          {file && inspection && (
            <Text data-testid="ci-file">
              {t('customerImport.fileSummary', { name: file.name, rows: inspection.rowCount, columns: inspection.columns.length })}
            </Text>
          )}
        </Group>
        {inspection?.remembered && (
          <Alert mt="sm" color="teal" variant="light" data-testid="ci-remembered">
            {t('customerImport.remembered')}
          </Alert>
        )}
      </Paper>

      {error && (
        <Alert color="red" data-testid="ci-error">
          {error}
        </Alert>
      )}

      {inspection && mapping && (
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            {t('customerImport.columnsTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {CUSTOMER_IMPORT_FIELDS.map((k) => (
              <Select
                key={k}
                label={t(`customerImport.field.${k}`)}
                required={k === 'name'}
                clearable={k !== 'name'}
                data={columnChoices}
                value={mapping[k]}
                onChange={(v) => setField(k, v)}
                data-testid={`ci-map-${k}`}
              />
            ))}
            <Select
              label={t('customerImport.dateFormat')}
              data={(['auto', 'dmy', 'mdy'] as const).map((d) => ({ value: d, label: t(`customerImport.dateFormats.${d}`) }))}
              value={dateFormat}
              onChange={(v) => v && (setDateFormat(v as DateOrder), setPreview(null))}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Radio.Group
            mt="md"
            label={t('customerImport.badFieldsTitle')}
            value={badFields}
            onChange={(v) => {
              setBadFields(v as BadFieldChoice);
              if (preview) void runPreview(mapping, file!.payload, file!.name, { badFields: v as BadFieldChoice });
            }}
          >
            <Stack gap={4} mt={4}>
              <Radio value="reject" label={t('customerImport.badFields.reject')} data-testid="ci-bad-reject" />
              <Radio value="blank" label={t('customerImport.badFields.blank')} data-testid="ci-bad-blank" />
            </Stack>
          </Radio.Group>
          <Group justify="flex-end" mt="md">
            <Button onClick={() => void runPreview()} loading={busy === 'preview'} data-testid="ci-preview">
              {t('customerImport.preview')}
            </Button>
          </Group>
        </Paper>
      )}

      {preview && (
        <PreviewPanel
          preview={preview}
          onDuplicate={onDuplicate}
          choices={choices}
          busy={busy}
          onChooseAll={(c) => {
            setOnDuplicate(c);
            setChoices(new Map());
            void runPreview(mapping, file!.payload, file!.name, { onDuplicate: c, choices: new Map() });
          }}
          onChoose={(line, c) => {
            const next = new Map(choices).set(line, c);
            setChoices(next);
            void runPreview(mapping, file!.payload, file!.name, { choices: next });
          }}
          onCommit={() => void commit()}
        />
      )}

      {progress && (
        <Paper withBorder p="md" radius="md">
          <Text size="sm" mb={6}>
            {t(`customerImport.phase.${progress.phase}`)}{' '}
            {progress.total > 0 ? `${f.number(progress.done)} / ${f.number(progress.total)}` : ''}
          </Text>
          <Progress value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} animated data-testid="ci-progress" />
        </Paper>
      )}

      {result && <ResultPanel result={result} fileName={file?.name ?? 'customers'} />}
    </Stack>
  );
}
