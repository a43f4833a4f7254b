import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BackupsState } from '../../../../shared/contract/backups';
import { call } from '../../api/client';
import { FolderSettingCard } from '../FolderSettingCard';

/** The second folder copies go to, with the warning about synced folders next to it. */
export function SecondFolderCard({ state, onChange }: { state: BackupsState; onChange: (s: BackupsState) => void }) {
  const { t } = useTranslation();
  return (
    <FolderSettingCard
      current={state.secondFolder}
      missing={state.secondFolderMissing}
      save={async (folder) => onChange(await call('backups.setFolder', { folder }))}
      testId="second-folder"
      text={{
        title: t('backups.secondTitle'),
        explain: t('backups.secondExplain'),
        label: t('backups.secondLabel'),
        placeholder: t('backups.secondPlaceholder'),
        missing: t('backups.secondMissing'),
        saved: t('backups.secondSaved'),
        clear: t('backups.secondClear'),
      }}
    >
      <Alert color="yellow" data-testid="synced-warning">
        {t('backups.syncedWarning', { folder: state.dataFolder })}
      </Alert>
    </FolderSettingCard>
  );
}
