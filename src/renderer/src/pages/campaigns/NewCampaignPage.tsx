import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CampaignForm } from '../../components/campaigns/CampaignForm';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useApp } from '../../stores/app';

/** The campaign form for one saved segment (`id`): where "start a campaign" from a list lands. */
export function NewCampaignPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { navigate } = useApp();
  const segment = useApiQuery('segments.get', { id }, id, 0);
  return (
    <Stack gap="lg">
      <Title order={2}>{t('campaigns.new')}</Title>
      {segment.error && <Alert color="red">{segment.error}</Alert>}
      {segment.data && (
        <CampaignForm
          key={segment.data.id}
          segment={{ id: segment.data.id, name: segment.data.name }}
          onCancel={() => navigate({ page: 'campaigns' })}
        />
      )}
    </Stack>
  );
}
