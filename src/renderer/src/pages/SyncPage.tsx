import { Alert, Badge, Button, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus, SyncVia } from '../../../shared/contract/sync';
import { call } from '../api/client';
import { errorText } from '../components/errorText';
import { FolderSettingCard } from '../components/FolderSettingCard';
import { HubSettingCard } from '../components/sync/HubSettingCard';
import { SyncFindings } from '../components/sync/SyncFindings';
import { PeerClock } from '../components/sync/PeerClock';
import { SyncResultView } from '../components/sync/SyncResultView';
import { SyncIdentity } from '../components/sync/SyncIdentity';
import { useApiQuery } from '../hooks/useApiQuery';

/**
 * Sync (issue 18): the folder the tills share, "Sync now", the last sync in words and the other
 * tills this one knows. A typed path, as for the backups' second folder (browser mode has no dialog).
 */
export function SyncPage() {
  const { t } = useTranslation();
  const { data: loaded, error } = useApiQuery('sync.status', {}, 'sync', 0);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [viaError, setViaError] = useState<string | null>(null);
  const [unseen, setUnseen] = useState(0);
  useEffect(() => {
    if (loaded) setStatus(loaded);
  }, [loaded]);

  async function syncNow(): Promise<void> {
    setSyncing(true);
    setRunError(null);
    try {
      setStatus(await call('sync.run', {}));
    } catch (e) {
      setRunError(errorText(t, e));
    } finally {
      setSyncing(false);
    }
  }

  async function chooseVia(via: SyncVia): Promise<void> {
    const before = status;
    // Shown at once (the radio follows the key or the click); put back if the backend refuses (not the owner).
    if (before) setStatus({ ...before, via });
    try {
      setStatus(await call('sync.setVia', { via }));
      setViaError(null);
    } catch (e) {
      if (before) setStatus(before);
      setViaError(errorText(t, e));
    }
  }

  const ready = status ? (status.via === 'hub' ? status.hub !== null : status.folder !== null) : false;

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2}>{t('sync.title')}</Title>
          {unseen > 0 && (
            <Badge color="orange" data-testid="sync-title-unseen" title={t('syncFindings.title')}>
              {t('syncFindings.unseen', { count: unseen, n: unseen })}
            </Badge>
          )}
        </Group>
        <Group gap="lg">
          {status && (
            // Beside Sync now, before it in the tab order: the folder or hub field stays one Shift+Tab from the button.
            <Radio.Group
              value={status.via}
              onChange={(v) => void chooseVia(v === 'hub' ? 'hub' : 'folder')}
              aria-label={t('syncHub.viaLabel')}
              data-testid="sync-via"
            >
              <Group gap="md">
                <Text size="sm" fw={500}>
                  {t('syncHub.viaLabel')}
                </Text>
                <Radio value="folder" label={t('syncHub.viaFolder')} data-testid="sync-via-folder" />
                <Radio value="hub" label={t('syncHub.viaHub')} data-testid="sync-via-hub" />
              </Group>
            </Radio.Group>
          )}
          <Button onClick={() => void syncNow()} loading={syncing} disabled={!ready} data-testid="sync-now">
            {t('sync.now')}
          </Button>
        </Group>
      </Group>
      {viaError && (
        <Alert color="red" data-testid="sync-via-error">
          {viaError}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {status?.via === 'hub' ? t('syncHub.explain') : t('sync.explain')}
      </Text>
      {error && <Alert color="red">{error}</Alert>}
      {runError && (
        <Alert color="red" data-testid="sync-error">
          {runError}
        </Alert>
      )}
      {status && <SyncIdentity status={status} onChange={setStatus} />}
      {status && (
        <Paper withBorder p="md" radius="md">
          {status.last ? <SyncResultView result={status.last} /> : <Text c="dimmed">{t('sync.never')}</Text>}
        </Paper>
      )}
      {status && <SyncFindings version={status.last?.at ?? 'never'} onUnseen={setUnseen} />}
      {status?.via === 'hub' && <HubSettingCard hub={status.hub} onStatus={setStatus} />}
      {status?.via === 'folder' && (
        <FolderSettingCard
          current={status.folder}
          missing={status.folderMissing}
          save={async (folder) => setStatus(await call('sync.setFolder', { folder }))}
          testId="sync-folder"
          text={{
            title: t('sync.folderTitle'),
            explain: t('sync.folderExplain'),
            label: t('sync.folderLabel'),
            placeholder: t('sync.folderPlaceholder'),
            missing: t('sync.folderMissing'),
            saved: t('sync.folderSaved'),
            clear: t('sync.folderClear'),
          }}
        />
      )}
      {status && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Title order={4}>{t('sync.tillsTitle')}</Title>
            <Text size="sm">{t('sync.thisTill', { tag: status.tag, seq: status.lastFeed })}</Text>
            {status.peers.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('sync.noPeers')}
              </Text>
            ) : (
              <Table data-testid="sync-peers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sync.peerTill')}</Table.Th>
                    <Table.Th>{t('sync.peerLastFeed')}</Table.Th>
                    <Table.Th>{t('sync.peerClock')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {status.peers.map((p) => (
                    <Table.Tr key={p.install} data-testid="sync-peer">
                      <Table.Td>{t('sync.till', { tag: p.tag })}</Table.Td>
                      <Table.Td>{p.lastFeed === 0 ? t('sync.peerNone') : t('sync.peerFeed', { seq: p.lastFeed })}</Table.Td>
                      <Table.Td>
                        <PeerClock clock={p.clock} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
