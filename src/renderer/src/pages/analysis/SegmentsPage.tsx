import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LIFECYCLE_GROUPS,
  type LifecycleCounts,
  type LifecycleGroup,
  type LifecycleRule,
  type SavedSegment,
} from '../../../../shared/contract/segments';
import { call } from '../../api/client';
import { openBuilder } from '../../components/analysis/draft';
import { apiErrorOf, ruleErrorText } from '../../components/analysis/ruleModel';
import { errorText } from '../../components/errorText';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

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
  const [lifecycle, setLifecycle] = useState<{ rule: LifecycleRule; counts: LifecycleCounts; total: number } | null>(null);
  const [segments, setSegments] = useState<(SavedSegment & { count: number | null })[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editingRule, setEditingRule] = useState(false);
  const [deleting, setDeleting] = useState<SavedSegment | null>(null);

  useEffect(() => {
    let live = true;
    call('lifecycle.counts', {}).then(
      (r) => live && setLifecycle(r),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    call('segments.list', { withCounts: true }).then(
      (r) => live && setSegments(r),
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [revision, t]);

  async function confirmDelete(): Promise<void> {
    if (!deleting) return;
    try {
      await call('segments.delete', { id: deleting.id });
      setDeleting(null);
      touch();
    } catch (e) {
      setError(errorText(t, e));
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

const RULE_FIELDS = ['newDays', 'lapsedDays', 'loyalVisits', 'loyalWindowDays'] as const;

/** The numbers behind the lifecycle groups, with the counts they would give previewed as you type. */
function LifecycleRuleForm({
  opened,
  initial,
  onClose,
  onSaved,
}: {
  opened: boolean;
  initial: LifecycleRule;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [rule, setRule] = useState<LifecycleRule>(initial);
  const [preview, setPreview] = useState<LifecycleCounts | null>(null);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (opened) setRule(initial);
  }, [opened, initial]);

  const ruleJson = JSON.stringify(rule);
  useEffect(() => {
    if (!opened) return;
    let live = true;
    const timer = setTimeout(() => {
      call('lifecycle.counts', { rule: JSON.parse(ruleJson) as LifecycleRule }).then(
        (r) => {
          if (!live) return;
          setPreview(r.counts);
          setError(null);
        },
        (e: unknown) => {
          const err = apiErrorOf(e);
          if (live) setError({ field: err?.field?.replace(/^rule\./, ''), text: err ? lifecycleError(err.message) : errorText(t, e) });
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // lifecycleError depends on t only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleJson, opened, t]);

  function lifecycleError(message: string): string {
    if (/shorter than/.test(message)) return t('lifecycle.errors.newShorter');
    return ruleErrorText(t, { code: 'VALIDATION', message });
  }

  async function save(): Promise<void> {
    setSaving(true);
    try {
      await call('lifecycle.setRule', rule);
      onSaved();
    } catch (e) {
      const err = apiErrorOf(e);
      setError({ field: err?.field, text: err ? lifecycleError(err.message) : errorText(t, e) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('lifecycle.ruleTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          {RULE_FIELDS.map((k) => (
            <NumberInput
              key={k}
              label={t(`lifecycle.rule.${k}`)}
              min={1}
              max={k === 'loyalVisits' ? 100000 : 36500}
              allowDecimal={false}
              value={rule[k]}
              onChange={(v) => setRule((r) => ({ ...r, [k]: typeof v === 'number' ? v : 0 }))}
              error={error?.field === k ? error.text : undefined}
              data-testid={`lifecycle-${k}`}
            />
          ))}
          {error && !RULE_FIELDS.includes(error.field as (typeof RULE_FIELDS)[number]) && (
            <Text size="sm" c="red">
              {error.text}
            </Text>
          )}
          <Paper withBorder radius="md" p="sm" bg="gray.0">
            <Text size="xs" tt="uppercase" fw={700} c="dimmed" mb={4}>
              {t('lifecycle.preview')}
            </Text>
            <SimpleGrid cols={5} spacing="xs">
              {LIFECYCLE_GROUPS.map((g) => (
                <div key={g}>
                  <Text size="xs" c="dimmed" truncate>
                    {t(`lifecycle.group.${g}`)}
                  </Text>
                  <Text fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {preview ? f.number(preview[g]) : '—'}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="save-lifecycle-rule">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
