import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { UNHAPPY_RATING } from '../../../../shared/contract/receipts';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { Stat } from '../Stat';

/** A customer's satisfaction: the average of every rating and the latest ones with their notes. */
export function FeedbackCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const revision = useApp((s) => s.revision);
  const { data } = useApiQuery('feedback.list', { customerId, limit: 20 }, `${customerId}|${revision}`, 0);
  if (!data) return null;
  return (
    <Card withBorder radius="md" data-testid="feedback-card">
      <Title order={4} mb="sm">
        {t('feedback.title')}
      </Title>
      {data.count === 0 ? (
        <Text c="dimmed">{t('feedback.none')}</Text>
      ) : (
        <Stack gap="xs">
          <Stat
            label={t('feedback.average')}
            value={data.average === null ? '—' : `${f.number(data.average)} / 5`}
            sub={t('feedback.count', { count: data.count })}
            testId="feedback-average"
          />
          {data.items.map((item) => (
            <Group key={item.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="feedback-item">
              <Badge color={item.rating <= UNHAPPY_RATING ? 'red' : item.rating === 3 ? 'yellow' : 'teal'} variant="light">
                {item.rating} / 5
              </Badge>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" c={item.note ? undefined : 'dimmed'}>
                  {item.note ?? t('feedback.noNote')}
                </Text>
                <Text size="xs" c="dimmed">
                  {f.dateTime(item.createdAt)}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
