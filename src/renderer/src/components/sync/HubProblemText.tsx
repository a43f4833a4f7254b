import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncHubProblem } from '../../../../shared/contract/sync';

/** Why the chain's hub could not be used, in the shop's language; the driver's words below for the IT person (never a password). */
export function HubProblemText({ problem }: { problem: SyncHubProblem }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="sync-hub-problem" data-kind={problem.kind}>
      <Text size="sm">{t(`syncHub.problem.${problem.kind}`, { ...problem })}</Text>
      {problem.detail !== '' && problem.kind !== 'newerHub' && (
        <Text size="xs" c="dimmed">
          {t('syncHub.detail', { detail: problem.detail })}
        </Text>
      )}
    </Stack>
  );
}
