import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, BackupPreview, RestoreResult } from '../../../../shared/contract/backups';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';

/** The preview of a backup (what it holds, whether it can be restored) and the confirmed restore. */
export function RestoreModal({
  backup,
  onClose,
  onRestored,
}: {
  backup: BackupEntry | null;
  onClose: () => void;
  onRestored: (r: RestoreResult) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sure, setSure] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setPreview(null);
    setError(null);
    setSure(false);
    if (!backup) return;
    let live = true;
    call('backups.inspect', { folder: backup.folder, name: backup.name }).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [backup, t]);

  async function restore(): Promise<void> {
    if (!backup) return;
    setBusy(true);
    setError(null);
    try {
      onRestored(await call('backups.restore', { folder: backup.folder, name: backup.name }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const usable = preview !== null && !preview.newer && preview.check === 'ok';
  return (
    <Modal opened={backup !== null} onClose={onClose} title={t('backups.restoreTitle')} size="lg">
      <Stack data-testid="restore-modal">
        {!preview && !error && <Loader size="sm" />}
        {preview && (
          <Table data-testid="restore-preview">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('backups.takenAt')}</Table.Th>
                <Table.Td>{f.dateTime(preview.takenAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('backups.customers')}</Table.Th>
                <Table.Td data-testid="preview-customers">{f.number(preview.customers)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('backups.purchases')}</Table.Th>
                <Table.Td data-testid="preview-purchases">{f.number(preview.purchases)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('backups.lastPurchase')}</Table.Th>
                <Table.Td>{preview.lastPurchaseAt ? f.dateTime(preview.lastPurchaseAt) : t('backups.none')}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        )}
        {preview?.newer && <Alert color="red">{t('errors.BACKUP_TOO_NEW', { migration: preview.schemaVersion ?? '' })}</Alert>}
        {preview && !preview.newer && preview.check !== 'ok' && (
          <Alert color="red">{t('errors.BACKUP_DAMAGED', { check: preview.check.slice(0, 200) })}</Alert>
        )}
        {usable && (
          <>
            <Text size="sm">{t('backups.restoreExplain')}</Text>
            <Checkbox
              label={t('backups.restoreSure')}
              checked={sure}
              onChange={(e) => setSure(e.currentTarget.checked)}
              data-testid="restore-sure"
            />
          </>
        )}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" disabled={!usable || !sure} loading={busy} onClick={() => void restore()} data-testid="restore-confirm">
            {t('backups.restoreButton')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
