import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ImportInspection,
  ImportMapping,
  ImportPreview,
  ImportProgress,
  ImportResult,
  ImportRowError,
} from '../../../shared/contract/imports';
import { CUSTOMER_KEYS, DATE_FORMATS, DECIMAL_MARKS } from '../../../shared/contract/imports';
import { call } from '../api/client';
import { errorText } from '../components/errorText';
import { Stat } from '../components/Stat';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';

type MappingForm = { [K in keyof ImportMapping]: string | null };
const REQUIRED = ['receipt', 'customer', 'date', 'amount'] as const;
const OPTIONAL = ['note', 'name', 'phone', 'email', 'externalCode'] as const;

interface Options {
  sourceName: string;
  createCustomers: boolean;
  earnPoints: boolean;
  skipErrors: boolean;
  /** auto: the file's own format where it shows one, else the shop's usual one. */
  dateFormat: 'auto' | (typeof DATE_FORMATS)[number];
  decimalMark: 'auto' | (typeof DECIMAL_MARKS)[number];
}

const DECIMAL_LABEL = { '.': 'decimalDot', ',': 'decimalComma' } as const;

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
  const [options, setOptions] = useState<Options>({
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

  const columnChoices = (inspection?.columns ?? []).map((c) => ({ value: c, label: c }));
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
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            {t('import.columnsTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {REQUIRED.map((k) => (
              <Select
                key={k}
                label={t(`import.field.${k}`)}
                required
                data={columnChoices}
                value={mapping[k]}
                onChange={(v) => (setMapping({ ...mapping, [k]: v }), setPreview(null))}
                data-testid={`map-${k}`}
              />
            ))}
            <Select
              label={t('import.customerKey')}
              data={CUSTOMER_KEYS.map((k) => ({ value: k, label: t(`import.key.${k}`) }))}
              value={mapping.customerKey ?? 'auto'}
              onChange={(v) => v && (setMapping({ ...mapping, customerKey: v }), setPreview(null))}
              allowDeselect={false}
            />
            <Select
              label={t('import.dateFormat')}
              data={(['auto', ...DATE_FORMATS] as const).map((d) => ({ value: d, label: t(`import.dateFormats.${d}`) }))}
              value={options.dateFormat}
              onChange={(v) => v && (setOptions({ ...options, dateFormat: v as Options['dateFormat'] }), setPreview(null))}
              allowDeselect={false}
            />
            <Select
              label={t('import.decimalMark')}
              data={[
                { value: 'auto', label: t('import.decimalAuto') },
                { value: '.', label: t('import.decimalDot') },
                { value: ',', label: t('import.decimalComma') },
              ]}
              value={options.decimalMark}
              onChange={(v) => v && (setOptions({ ...options, decimalMark: v as Options['decimalMark'] }), setPreview(null))}
              allowDeselect={false}
            />
            <TextInput
              label={t('import.sourceName')}
              description={t('import.sourceHint')}
              value={options.sourceName}
              onChange={(e) => (setOptions({ ...options, sourceName: e.currentTarget.value }), setPreview(null))}
            />
          </SimpleGrid>
          <Text fw={600} mt="md" mb={4}>
            {t('import.optionalColumns')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }}>
            {OPTIONAL.map((k) => (
              <Select
                key={k}
                label={t(`import.field.${k}`)}
                clearable
                data={columnChoices}
                value={mapping[k]}
                onChange={(v) => (setMapping({ ...mapping, [k]: v }), setPreview(null))}
              />
            ))}
          </SimpleGrid>
          <Checkbox
            mt="md"
            label={t('import.createCustomers')}
            checked={options.createCustomers}
            onChange={(e) => (setOptions({ ...options, createCustomers: e.currentTarget.checked }), setPreview(null))}
            data-testid="import-create-customers"
          />
          <Checkbox
            mt="xs"
            label={t('import.earnPoints')}
            description={t('import.earnPointsHint')}
            checked={options.earnPoints}
            onChange={(e) => (setOptions({ ...options, earnPoints: e.currentTarget.checked }), setPreview(null))}
            data-testid="import-earn-points"
          />
          <ScrollArea mt="md">
            <Table withTableBorder fz="xs">
              <Table.Thead>
                <Table.Tr>
                  {inspection.columns.map((c) => (
                    <Table.Th key={c}>{c}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {inspection.sample.slice(0, 5).map((row, i) => (
                  <Table.Tr key={i}>
                    {row.map((cell, j) => (
                      <Table.Td key={j}>{cell}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          <Group justify="flex-end" mt="md">
            <Button onClick={() => void runPreview()} loading={busy === 'preview'} data-testid="import-preview">
              {t('import.preview')}
            </Button>
          </Group>
        </Paper>
      )}

      {preview && (
        <Paper withBorder p="md" radius="md" data-testid="import-preview-panel">
          <Title order={4} mb="sm">
            {t('import.previewTitle')}
          </Title>
          <Text size="sm" mb="sm" data-testid="import-formats">
            {t('import.formatsRead', {
              date: t(`import.dateFormats.${preview.formats.dateFormat.value}`),
              dateHow: t(`import.how.${preview.formats.dateFormat.how}`),
              decimal: t(`import.${DECIMAL_LABEL[preview.formats.decimalMark.value]}`),
              decimalHow: t(`import.how.${preview.formats.decimalMark.how}`),
            })}
          </Text>
          <SimpleGrid cols={{ base: 2, md: 7 }} mb="md">
            <Stat size="xl" label={t('import.counts.rows')} value={f.number(preview.counts.rows)} />
            <Stat size="xl" label={t('import.counts.valid')} value={f.number(preview.counts.valid)} testId="import-valid" />
            <Stat
              size="xl"
              label={t('import.counts.errors')}
              value={f.number(preview.counts.errorRows)}
              testId="import-errors"
              color={preview.counts.errorRows ? 'red' : undefined}
            />
            <Stat size="xl" label={t('import.counts.already')} value={f.number(preview.counts.alreadyImported)} testId="import-already" />
            <Stat size="xl" label={t('import.counts.walkIns')} value={f.number(preview.counts.walkIns)} testId="import-walk-ins" />
            <Stat size="xl" label={t('import.counts.create')} value={f.number(preview.counts.customersToCreate)} testId="import-create" />
            <Stat size="xl" label={t('import.counts.total')} value={f.money(preview.counts.totalAmount)} />
          </SimpleGrid>
          {preview.counts.customersWithoutDetails > 0 && (
            <Text size="sm" c="dimmed" mb="sm" data-testid="import-without-details">
              {t('import.withoutDetails', { count: preview.counts.customersWithoutDetails })}
            </Text>
          )}
          {preview.firstSoldAt && (
            <Text size="sm" c="dimmed" mb="sm">
              {t('import.range', { from: f.date(preview.firstSoldAt), to: f.date(preview.lastSoldAt) })}
            </Text>
          )}
          {preview.errorCount > 0 && (
            <Alert color="red" mb="md" title={t('import.errorsTitle', { count: preview.errorCount })} data-testid="import-error-list">
              <ScrollArea.Autosize mah={220}>
                {preview.errors.map((e, i) => (
                  <div key={i}>{rowErrorText(t, e)}</div>
                ))}
              </ScrollArea.Autosize>
            </Alert>
          )}
          <ScrollArea.Autosize mah={360}>
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('import.line')}</Table.Th>
                  <Table.Th>{t('import.field.receipt')}</Table.Th>
                  <Table.Th>{t('import.field.customer')}</Table.Th>
                  <Table.Th>{t('import.field.date')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('import.field.amount')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('sales.points')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.receipt}</Table.Td>
                    <Table.Td>
                      {r.customerKey === null ? (
                        <Text span c="dimmed" size="sm">
                          {t('import.walkIn')}
                        </Text>
                      ) : (
                        (r.customerName ?? r.customerKey)
                      )}
                      {r.createsCustomer && (
                        <Badge ml={6} size="xs" variant="light">
                          {t('import.new')}
                        </Badge>
                      )}
                      {r.detailsMissing && (
                        <Badge ml={6} size="xs" variant="light" color="yellow">
                          {t('importedCustomer.detailsMissing')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.soldAt ? f.dateTime(r.soldAt) : ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{r.amount !== null ? f.money(r.amount) : ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{r.points ?? ''}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={r.status === 'new' ? 'teal' : r.status === 'error' ? 'red' : 'gray'}>
                        {t(`import.status.${r.status}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Group justify="space-between" mt="md">
            {preview.counts.errorRows > 0 ? (
              <Checkbox
                label={t('import.skipErrors', { count: preview.counts.errorRows })}
                checked={options.skipErrors}
                onChange={(e) => setOptions({ ...options, skipErrors: e.currentTarget.checked })}
                data-testid="import-skip-errors"
              />
            ) : (
              <span />
            )}
            <Button onClick={() => void commit()} disabled={!canCommit} loading={busy === 'commit'} data-testid="import-commit">
              {t('import.commit', { count: preview.counts.valid })}
            </Button>
          </Group>
        </Paper>
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

function isDefaultMapping(m: MappingForm | null): boolean {
  return (
    !!m &&
    m.receipt === 'receipt' &&
    m.customer === 'customer' &&
    m.date === 'date' &&
    m.amount === 'amount' &&
    OPTIONAL.every((k) => !m[k]) &&
    (m.customerKey ?? 'auto') === 'auto'
  );
}

function rowErrorText(t: ReturnType<typeof useTranslation>['t'], e: ImportRowError): string {
  const what = t(`import.rowError.${e.code}`, { value: e.value ?? '', defaultValue: e.message });
  return e.column ? t('import.rowErrorAt', { line: e.line, column: e.column, what }) : t('import.rowErrorLine', { line: e.line, what });
}
