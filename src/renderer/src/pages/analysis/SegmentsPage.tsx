import { Alert, Button, Group, Loader, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_GROUPS, type LifecycleGroup, type SavedSegment } from '../../../../shared/contract/segments';
import { call } from '../../api/client';
import { openBuilder } from '../../components/analysis/draft';
import { errorText } from '../../components/errorText';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';
import { LifecycleRuleForm } from '../../components/analysis/LifecycleRuleForm';

export const LIFECYCLE_COLOURS: Record<LifecycleGroup, string> = {
  new: 'cyan',
  returning: 'teal',
  loyal: 'grape',
  lapsed: 'orange',
  never_bought: 'gray',
};

/** Lifecycle groups out of the box, the owner's saved segments, and the way to a new one. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { navigate, revision, touch } = useApp();
  const lifecycleQuery = useApiQuery('lifecycle.counts', {}, String(revision), 0);
  const segmentsQuery = useApiQuery('segments.list', { withCounts: true }, String(revision), 0);
  const lifecycle = lifecycleQuery.data;
  const segments = segmentsQuery.data;
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const error = deleteError ?? lifecycleQuery.error ?? segmentsQuery.error;
  const [editingRule, setEditingRule] = useState(false);
  const [deleting, setDeleting] = useState<SavedSegment | null>(null);

  async function confirmDelete(): Promise<void> {
    if (!deleting) return;
    try {
      await call('segments.delete', { id: deleting.id });
      setDeleting(null);
      touch();
    } catch (e) {
      setDeleteError(errorText(t, e));
      setDeleting(null);
    }
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('nav.segments')}</Title>
        <Button onClick={() => openBuilder(navigate)} data-testid="new-segment">
          {t('segments.new')}
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}

      <section>
        <Group justify="space-between" mb="xs">
          <div>
            <Title order={4}>{t('lifecycle.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('lifecycle.hint')}
            </Text>
          </div>
          <Button variant="default" size="xs" onClick={() => setEditingRule(true)} disabled={!lifecycle} data-testid="edit-lifecycle-rule">
            {t('lifecycle.editRule')}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 5 }} data-testid="lifecycle-groups">
          {LIFECYCLE_GROUPS.map((g) => (
            <UnstyledButton
              key={g}
              onClick={() =>
                openBuilder(navigate, {
                  name: t(`lifecycle.group.${g}`),
                  rule: { kind: 'group', op: 'and', rules: [{ kind: 'lifecycle', in: [g] }] },
                })
              }
              data-testid={`lifecycle-${g}`}
            >
              <Paper
                withBorder
                radius="md"
                p="sm"
                className="hover-row"
                style={{ borderTop: `3px solid var(--mantine-color-${LIFECYCLE_COLOURS[g]}-5)`, height: '100%' }}
              >
                <Text size="xs" tt="uppercase" fw={700} c="dimmed">
                  {t(`lifecycle.group.${g}`)}
                </Text>
                {lifecycle ? (
                  <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="lifecycle-count">
                    {f.number(lifecycle.counts[g])}
                  </Text>
                ) : (
                  <Skeleton h={28} w={60} my={2} />
                )}
                <Text size="xs" c="dimmed" mt={2}>
                  {lifecycle ? t(`lifecycle.describe.${g}`, { ...lifecycle.rule }) : ' '}
                </Text>
              </Paper>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </section>

      <section>
        <Title order={4} mb="xs">
          {t('segments.savedTitle')}
        </Title>
        <Paper withBorder radius="md">
          {segments === null ? (
            <Group justify="center" p="lg">
              <Loader size="sm" />
            </Group>
          ) : segments.length === 0 ? (
            <Stack align="center" gap="xs" p="xl" data-testid="no-segments">
              <Text c="dimmed" ta="center" maw={520}>
                {t('segments.none')}
              </Text>
              <Button variant="light" onClick={() => openBuilder(navigate)}>
                {t('segments.new')}
              </Button>
            </Stack>
          ) : (
            <Table highlightOnHover verticalSpacing="sm" data-testid="segment-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('segments.name')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('segments.customers')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('segments.updated')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {segments.map((s) => (
                  <Table.Tr
                    key={s.id}
                    data-testid="segment-row"
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate({ page: 'segment', id: s.id })}
                  >
                    <Table.Td>
                      <Text fw={500}>{s.name}</Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} data-testid="segment-count">
                      {s.count === null ? '—' : f.number(s.count)}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      <Text size="sm" c="dimmed">
                        {f.date(s.updatedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', width: 180 }}>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => navigate({ page: 'segment', id: s.id })}>
                          {t('segments.open')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={(e) => {
                            e.stopPropagation();
                            setDeleting(s);
                          }}
                          data-testid="delete-segment"
                        >
                          {t('segments.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </section>

      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('segments.deleteTitle')}>
        <Text>{t('segments.deleteBody', { name: deleting?.name ?? '' })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleting(null)}>
            {t('common.goBack')}
          </Button>
          <Button color="red" onClick={() => void confirmDelete()} data-testid="confirm-delete-segment">
            {t('segments.delete')}
          </Button>
        </Group>
      </Modal>

      {lifecycle && (
        <LifecycleRuleForm
          opened={editingRule}
          initial={lifecycle.rule}
          onClose={() => setEditingRule(false)}
          onSaved={() => {
            setEditingRule(false);
            touch();
          }}
        />
      )}
    </Stack>
  );
}
