import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupsState } from '../../../../shared/contract/backups';
import { call } from '../../api/client';
import { fieldErrorText } from '../errorText';

/**
 * The second folder copies go to. A typed path (browser mode has no folder dialog, and the app's
 * preload exposes nothing but `invoke`), with the warning about synced folders next to it.
 */
export function SecondFolderCard({ state, onChange }: { state: BackupsState; onChange: (s: BackupsState) => void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState(state.secondFolder ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setFolder(state.secondFolder ?? ''), [state.secondFolder]);

  async function save(value: string | null): Promise<void> {
    setSaved(false);
    try {
      onChange(await call('backups.setFolder', { folder: value }));
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(fieldErrorText(t, e));
    }
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Title order={4}>{t('backups.secondTitle')}</Title>
        <Text size="sm">{t('backups.secondExplain')}</Text>
        <Alert color="yellow" data-testid="synced-warning">
          {t('backups.syncedWarning', { folder: state.dataFolder })}
        </Alert>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(folder.trim() === '' ? null : folder);
          }}
        >
          <Stack>
            <TextInput
              label={t('backups.secondLabel')}
              placeholder={t('backups.secondPlaceholder')}
              value={folder}
              onChange={(e) => {
                setFolder(e.currentTarget.value);
                setSaved(false);
              }}
              error={error}
              data-testid="second-folder"
            />
            {state.secondFolderMissing && <Alert color="orange">{t('backups.secondMissing')}</Alert>}
            {saved && <Alert color="green">{t('backups.secondSaved')}</Alert>}
            <Group justify="flex-end">
              {state.secondFolder && (
                <Button variant="default" onClick={() => void save(null)} data-testid="second-folder-clear">
                  {t('backups.secondClear')}
                </Button>
              )}
              <Button type="submit" data-testid="second-folder-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
