import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/contract/sync';
import { call } from '../../api/client';
import { errorText } from '../errorText';

/**
 * A till that is a copy of another one in use (same identity), or one of two tills with one number
 * (issue 18): never merged silently; said here, with the button that gives this till a new identity
 * (sync/identity.ts). Of two tills with one number, only the one set up later gets the button.
 */
export function SyncIdentity({ status, onChange }: { status: SyncStatus; onChange: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const copied = status.last?.copiedInstall === true;
  const same = status.sameTag ?? [];
  const renewHere = copied || same.some((s) => s.renewHere);
  if (!copied && same.length === 0) return null;

  async function renew(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      onChange(await call('sync.newIdentity', {}));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Alert
      color={renewHere ? 'red' : 'yellow'}
      title={copied ? t('sync.identity.copiedTitle') : t('sync.identity.sameTagTitle', { tag: status.tag })}
      data-testid="sync-identity"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {copied
            ? t('sync.identity.copied')
            : renewHere
              ? t('sync.identity.sameTagHere', { tag: status.tag })
              : t('sync.identity.sameTagThere', { tag: status.tag })}
        </Text>
        {renewHere && (
          <Button color="red" onClick={() => void renew()} loading={busy} data-testid="sync-new-identity">
            {t('sync.identity.take')}
          </Button>
        )}
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
