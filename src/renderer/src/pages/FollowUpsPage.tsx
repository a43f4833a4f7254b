import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_WEEK_DAYS, MAX_FOLLOW_UP_WEEK, type FollowUpList, type FollowUpWeek } from '../../../shared/contract/followups';
import { FollowUpRuleForm } from '../components/followups/FollowUpRuleForm';
import { FollowUpSection } from '../components/followups/FollowUpSection';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';

/**
 * "This week" (issue 16): the 7 days from today, or a later week, with the people to greet or
 * call. Ctrl+P prints every list; a list's Print button prints that list alone.
 */
export function FollowUpsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { revision, touch } = useApp();
  const [week, setWeek] = useState(0);
  const [editingRule, setEditingRule] = useState(false);
  const [printing, setPrinting] = useState<FollowUpList | null>(null);
  const printWhenShown = useRef(false);
  const query = useApiQuery('followups.week', { week }, `${week}:${revision}`, 0);
  // Keep the last week on screen while the next one loads.
  const data: FollowUpWeek | null = query.data;

  useEffect(() => {
    if (!printing || !printWhenShown.current) return;
    printWhenShown.current = false;
    // The other lists are marked no-print by now; they come back once the dialog closes.
    window.addEventListener('afterprint', () => setPrinting(null), { once: true });
    window.print();
  }, [printing]);

  const when =
    week === 0
      ? t('followups.when.thisWeek')
      : t('followups.when.later', { from: week * FOLLOW_UP_WEEK_DAYS, to: week * FOLLOW_UP_WEEK_DAYS + FOLLOW_UP_WEEK_DAYS - 1 });
  const hint = (list: FollowUpList): string =>
    list === 'notBack' && data
      ? t('followups.hint.notBack', { visits: data.rule.regularVisits, days: data.rule.notBackDays, cap: data.rule.capDays })
      : t(`followups.hint.${list}`);
  const segmentName = (list: FollowUpList): string =>
    list === 'notBack' && data
      ? t('followups.segmentName.notBack', { visits: data.rule.regularVisits, days: data.rule.notBackDays })
      : t(`followups.segmentName.${list}`, { when });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('followups.title')}</Title>
          <Text c="dimmed">{t('followups.hint.page')}</Text>
        </div>
        <Group gap="xs" className="no-print">
          <Button variant="default" disabled={week === 0} onClick={() => setWeek(week - 1)} data-testid="followup-previous">
            {t('followups.previousWeek')}
          </Button>
          <Button variant="default" disabled={week === 0} onClick={() => setWeek(0)} data-testid="followup-this-week">
            {t('followups.thisWeek')}
          </Button>
          <Button variant="default" disabled={week >= MAX_FOLLOW_UP_WEEK} onClick={() => setWeek(week + 1)} data-testid="followup-next">
            {t('followups.nextWeek')}
          </Button>
        </Group>
      </Group>
      {data && (
        <Text fw={600} data-testid="followup-range">
          {t('followups.range', { from: f.day(data.from), to: f.day(data.to) })}
          {data.week === 0 && ` · ${t('followups.fromToday')}`}
        </Text>
      )}
      {query.error && <Alert color="red">{query.error}</Alert>}
      {data?.lists.map((r) => (
        <FollowUpSection
          key={r.list}
          result={r}
          week={data.week}
          hint={hint(r.list)}
          segmentName={segmentName(r.list)}
          hidden={printing !== null && printing !== r.list}
          onPrint={() => {
            printWhenShown.current = true;
            setPrinting(r.list);
          }}
          extra={
            r.list === 'notBack' ? (
              <Button variant="subtle" size="xs" onClick={() => setEditingRule(true)} data-testid="followup-edit-rule">
                {t('followups.rule.edit')}
              </Button>
            ) : undefined
          }
        />
      ))}
      <Modal opened={editingRule && data !== null} onClose={() => setEditingRule(false)} title={t('followups.rule.title')}>
        {data && (
          <FollowUpRuleForm
            rule={data.rule}
            onCancel={() => setEditingRule(false)}
            onSaved={() => {
              setEditingRule(false);
              touch();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
