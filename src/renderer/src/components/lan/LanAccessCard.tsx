import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { errorText } from '../errorText';

/** Settings: the owner's switch for LAN access to browser mode (issue 19), with what it demands. */
export function LanAccessCard() {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    call('lan.getAccess', {}).then(
      (a) => live && setEnabled(a.enabled),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  async function change(next: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setEnabled((await call('lan.setAccess', { enabled: next })).enabled);
      setSaved(true);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={4}>{t('lanAccess.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('lanAccess.explain')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('lanAccess.demands')}
        </Text>
        <Switch
          label={t('lanAccess.switch')}
          checked={enabled === true}
          disabled={enabled === null || busy}
          onChange={(ev) => void change(ev.currentTarget.checked)}
          data-testid="lan-access"
        />
        {error && <Alert color="red">{error}</Alert>}
        {saved && !error && <Alert color="green">{t(enabled ? 'lanAccess.savedOn' : 'lanAccess.savedOff')}</Alert>}
      </Stack>
    </Paper>
  );
}
