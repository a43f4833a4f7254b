import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, RestoreResult, TakenBackup } from '../../../shared/contract/backups';
import { call } from '../api/client';
import { RestoreModal } from '../components/backups/RestoreModal';
import { SecondFolderCard } from '../components/backups/SecondFolderCard';
import { errorText } from '../components/errorText';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';

const megabytes = (bytes: number): number => Math.max(0.1, Math.round(bytes / 104_857.6) / 10);

/** Backups: the list in both folders, "Back up now", the second folder, and restore with a preview. */
export function BackupsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const setSettings = useApp((s) => s.setSettings);
  const [version, setVersion] = useState(0);
  const { data: shown, error } = useApiQuery('backups.list', {}, String(version), 0);
  const [taking, setTaking] = useState(false);
  const [taken, setTaken] = useState<TakenBackup | null>(null);
  const [takeError, setTakeError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);

  async function backUpNow(): Promise<void> {
    setTaking(true);
    setTaken(null);
    setTakeError(null);
    setRestored(null);
    try {
      setTaken(await call('backups.take', {}));
      setVersion((v) => v + 1);
    } catch (e) {
      setTakeError(errorText(t, e));
    } finally {
      setTaking(false);
    }
  }

  async function afterRestore(r: RestoreResult): Promise<void> {
    setRestoring(null);
    setTaken(null);
    setRestored(r);
    setVersion((v) => v + 1);
    // The restored file has its own settings (shop name, currency…).
    setSettings(await call('settings.get', {}));
  }

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>{t('backups.title')}</Title>
        <Button onClick={() => void backUpNow()} loading={taking} data-testid="backup-now">
          {t('backups.now')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('backups.explain')}
      </Text>
      {taken && (
        <Alert color="green" data-testid="backup-done">
          {t('backups.done', { name: taken.entry.name })}
          {taken.mirror && !taken.mirror.ok && ` ${t('backups.mirrorFailed', { error: taken.mirror.error ?? '' })}`}
        </Alert>
      )}
      {takeError && <Alert color="red">{takeError}</Alert>}
      {restored && (
        <Alert color="green" data-testid="restore-done">
          {t('backups.restored', { name: restored.restored.name, before: restored.before?.name ?? '' })}
        </Alert>
      )}
      {error && <Alert color="red">{error}</Alert>}
      {shown && (
        <Paper withBorder p="md" radius="md">
          {shown.entries.length === 0 ? (
            <Text c="dimmed">{t('backups.empty')}</Text>
          ) : (
            <Table highlightOnHover data-testid="backup-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('backups.takenAt')}</Table.Th>
                  <Table.Th>{t('backups.kind')}</Table.Th>
                  <Table.Th>{t('backups.folder')}</Table.Th>
                  <Table.Th>{t('backups.size')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.entries.map((e) => (
                  <Table.Tr key={`${e.folder}/${e.name}`} data-testid="backup-row" data-kind={e.kind} data-name={e.name}>
                    <Table.Td>{f.dateTime(e.takenAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`backups.kinds.${e.kind}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{t(`backups.folders.${e.folder}`)}</Table.Td>
                    <Table.Td>{t('backups.megabytes', { mb: f.number(megabytes(e.bytes)) })}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" onClick={() => setRestoring(e)} data-testid="backup-restore">
                        {t('backups.restore')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
      {shown && <SecondFolderCard state={shown} onChange={() => setVersion((v) => v + 1)} />}
      <RestoreModal backup={restoring} onClose={() => setRestoring(null)} onRestored={(r) => void afterRestore(r)} />
    </Stack>
  );
}
