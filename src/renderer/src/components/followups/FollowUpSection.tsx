import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpListResult } from '../../../../shared/contract/followups';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { errorText } from '../errorText';
import { ExportMailingList } from '../exports/ExportMailingList';
import { FollowUpTable } from './FollowUpTable';

/**
 * One follow-up list with its actions. Exporting and starting a campaign first save the list as a
 * segment (the same one each time for the same list and week), which both then take as audience.
 */
export function FollowUpSection({
  result,
  week,
  hint,
  segmentName,
  extra,
  hidden,
  onPrint,
}: {
  result: FollowUpListResult;
  week: number;
  hint: string;
  segmentName: string;
  extra?: ReactNode;
  /** Printing another list: this one stays on screen but out of the print. */
  hidden: boolean;
  onPrint(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { navigate, touch } = useApp();
  const [exporting, setExporting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { list, total, items } = result;

  async function asSegment(): Promise<string | null> {
    setBusy(true);
    setError(null);
    try {
      const s = await call('followups.segment', { list, week, name: segmentName });
      if (s.created) touch();
      return s.segmentId;
    } catch (e) {
      setError(errorText(t, e));
      return null;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" className={hidden ? 'no-print' : undefined} data-testid={`followup-${list}`}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={4}>
            {t(`followups.list.${list}`)}{' '}
            <Text span c="dimmed" fw={400} data-testid={`followup-count-${list}`}>
              ({f.number(total)})
            </Text>
          </Title>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </div>
        <Group gap="xs" className="no-print">
          {extra}
          <Button variant="default" size="xs" onClick={onPrint} disabled={total === 0} data-testid={`followup-print-${list}`}>
            {t('followups.print')}
          </Button>
          <Button
            variant="default"
            size="xs"
            loading={busy}
            disabled={total === 0}
            onClick={() => void asSegment().then((id) => id && setExporting(id))}
            data-testid={`followup-export-${list}`}
          >
            {t('followups.export')}
          </Button>
          <Button
            size="xs"
            loading={busy}
            disabled={total === 0}
            onClick={() => void asSegment().then((id) => id && navigate({ page: 'newCampaign', id }))}
            data-testid={`followup-campaign-${list}`}
          >
            {t('followups.campaign')}
          </Button>
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {exporting && <ExportMailingList selection={{ kind: 'segment', segmentId: exporting }} onClose={() => setExporting(null)} />}
      {total === 0 ? (
        <Text size="sm" c="dimmed" data-testid={`followup-empty-${list}`}>
          {t('followups.empty')}
        </Text>
      ) : (
        <>
          <FollowUpTable list={list} items={items} />
          {items.length < total && (
            <Text size="sm" c="dimmed" mt="xs">
              {t('followups.showing', { shown: f.number(items.length), total: f.number(total) })}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}
