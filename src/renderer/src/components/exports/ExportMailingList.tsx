import { Alert, Button, Checkbox, Group, Modal, Progress, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  EXPORT_FORMATS,
  type ContactExportCount,
  type ContactExportProgress,
  type ExportFormat,
  type ExportSelection,
} from '../../../../shared/contract/exports';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';

/** From this many contacts the wait is long enough to show that something is happening. */
const LARGE_LIST = 2000;

/** Names one export so its progress can be asked for while it runs. */
const progressKey = (): string => `x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

/** Hands the text to the browser as a file; works the same in Electron and in browser mode. */
function download(content: string, filename: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Export mailing list": the format, whether to include people who never agreed to marketing
 * (off by default, with a warning when on), how many will be exported, then the file.
 */
export function ExportMailingList({
  selection,
  size = 'sm',
  onClose,
}: {
  selection: ExportSelection;
  size?: 'xs' | 'sm';
  /** Opens the dialog at once, without its own button (the caller's button made the selection); called when it closes. */
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpenState] = useState(onClose !== undefined);
  const setOpen = (v: boolean): void => {
    setOpenState(v);
    if (!v) onClose?.();
  };
  const [format, setFormat] = useState<ExportFormat>('mailchimp');
  const [includeWithoutConsent, setInclude] = useState(false);
  const [count, setCount] = useState<ContactExportCount | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ rows: number; filename: string } | null>(null);
  const [progress, setProgress] = useState<ContactExportProgress | null>(null);
  const selectionJson = JSON.stringify(selection);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setCount(null);
    call('exports.contactsCount', { selection: JSON.parse(selectionJson) as ExportSelection, includeWithoutConsent }).then(
      (c) => live && setCount(c),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [open, selectionJson, includeWithoutConsent, t]);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setDone(null);
    setProgress(null);
    const key = progressKey();
    // The backend builds the file in chunks and answers these polls between them.
    const poll = setInterval(() => {
      call('exports.progress', { key }).then(
        (p) => p && setProgress(p),
        () => undefined,
      );
    }, 250);
    try {
      const r = await call('exports.contacts', { selection, format, includeWithoutConsent, progressKey: key });
      download(r.content, r.filename, r.mimeType);
      setDone({ rows: r.rows, filename: r.filename });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      clearInterval(poll);
      setBusy(false);
      setProgress(null);
    }
  }

  const share = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : null;

  return (
    <>
      {!onClose && (
        <Button
          variant="default"
          size={size}
          onClick={() => {
            setOpen(true);
            setDone(null);
            setError(null);
          }}
          data-testid="export-mailing-list"
        >
          {t('exports.action')}
        </Button>
      )}
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={t('exports.title')} transitionProps={{ duration: 0 }}>
        <Stack gap="md" data-testid="export-dialog">
          <Radio.Group label={t('exports.format')} value={format} onChange={(v) => setFormat(v as ExportFormat)}>
            <Stack gap={6} mt={4}>
              {EXPORT_FORMATS.map((fmt) => (
                <Radio
                  key={fmt}
                  value={fmt}
                  label={t(`exports.formats.${fmt}.label`)}
                  description={t(`exports.formats.${fmt}.hint`)}
                  data-testid={`export-format-${fmt}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Checkbox
            checked={includeWithoutConsent}
            onChange={(e) => setInclude(e.currentTarget.checked)}
            label={t('exports.includeWithoutConsent')}
            data-testid="export-include-without-consent"
          />
          {includeWithoutConsent && (
            <Alert color="orange" data-testid="export-consent-warning">
              {t('exports.consentWarning')}
            </Alert>
          )}
          <div>
            <Text fw={600} data-testid="export-count">
              {count ? t('exports.willExport', { n: f.number(count.count) }) : t('exports.counting')}
            </Text>
            {count && !includeWithoutConsent && count.withoutConsent > 0 && (
              <Text size="sm" c="dimmed">
                {t('exports.leftOut', { n: f.number(count.withoutConsent) })}
              </Text>
            )}
          </div>
          {busy && count && count.count >= LARGE_LIST && (
            <div data-testid="export-progress">
              <Progress value={share ?? 100} striped animated={share === null} />
              <Text size="sm" c="dimmed" mt={4}>
                {progress
                  ? t('exports.progress', { done: f.number(progress.done), total: f.number(progress.total ?? count.count) })
                  : t('exports.preparing', { n: f.number(count.count) })}
              </Text>
            </div>
          )}
          {done && (
            <Alert color="teal" data-testid="export-done">
              {t('exports.done', { n: f.number(done.rows), file: done.filename })}
            </Alert>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              {t('exports.close')}
            </Button>
            <Button onClick={() => void run()} loading={busy} disabled={!count || count.count === 0} data-testid="export-download">
              {t('exports.download')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
