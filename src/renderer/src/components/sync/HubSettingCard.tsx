import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncHub, SyncStatus } from '../../../../shared/contract/sync';
import { call } from '../../api/client';
import { errorField, fieldErrorText } from '../errorText';

/**
 * The chain's hub (issue 18): its address and, for this session only, its password. The password
 * field is always empty when shown: what the backend holds is never sent back, only whether it holds one.
 * Test ids: sync-hub-url, sync-hub-password, sync-hub-save, sync-hub-clear, sync-hub-saved.
 */
export function HubSettingCard({ hub, onStatus }: { hub: SyncHub | null; onStatus: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(hub?.url ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ url: string | null; password: string | null }>({ url: null, password: null });
  const [saved, setSaved] = useState(false);
  useEffect(() => setUrl(hub?.url ?? ''), [hub?.url]);

  async function store(value: string | null): Promise<void> {
    setSaved(false);
    try {
      // An empty password field keeps the one held, unless the address changes (the backend forgets it then).
      onStatus(await call('sync.setHub', { url: value, ...(password !== '' ? { password } : {}) }));
      setError({ url: null, password: null });
      setPassword('');
      setSaved(value !== null);
    } catch (e) {
      const field = errorField(e);
      const text = fieldErrorText(t, e);
      setError(field === 'password' ? { url: null, password: text } : { url: text, password: null });
    }
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Title order={4}>{t('syncHub.title')}</Title>
        <Text size="sm">{t('syncHub.explain')}</Text>
        {hub && (
          <Text size="sm" data-testid="sync-hub-current">
            {t('syncHub.current', { role: hub.role, host: hub.host, port: hub.port, database: hub.database })}
          </Text>
        )}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void store(url.trim() === '' ? null : url);
          }}
        >
          <Stack>
            <TextInput
              label={t('syncHub.urlLabel')}
              placeholder={t('syncHub.urlPlaceholder')}
              value={url}
              onChange={(e) => {
                setUrl(e.currentTarget.value);
                setSaved(false);
              }}
              error={error.url}
              autoComplete="off"
              spellCheck={false}
              data-testid="sync-hub-url"
            />
            <PasswordInput
              label={t('syncHub.passwordLabel')}
              description={t('syncHub.passwordExplain')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={error.password}
              autoComplete="off"
              data-testid="sync-hub-password"
            />
            {hub && (
              <Text size="sm" c="dimmed" data-testid="sync-hub-password-state">
                {hub.passwordHeld
                  ? t('syncHub.passwordHeld')
                  : hub.passwordFromComputer
                    ? t('syncHub.passwordFromComputer')
                    : t('syncHub.passwordNone')}
              </Text>
            )}
            {saved && (
              <Alert color="green" data-testid="sync-hub-saved">
                {t('syncHub.saved')}
              </Alert>
            )}
            <Group justify="flex-end">
              {hub && (
                <Button variant="default" onClick={() => void store(null)} data-testid="sync-hub-clear">
                  {t('syncHub.clear')}
                </Button>
              )}
              <Button type="submit" data-testid="sync-hub-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
