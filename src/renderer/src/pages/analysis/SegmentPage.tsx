import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Rule, RuleGroup } from '../../../../shared/contract/segments';
import type { ApiError } from '../../../../shared/errors';
import { call } from '../../api/client';
import { peekDraft } from '../../components/analysis/draft';
import { MemberList } from '../../components/analysis/MemberList';
import { PendingNumbers } from '../../components/analysis/conditions/pendingNumbers';
import { RuleEditor } from '../../components/analysis/RuleEditor';
import { apiErrorOf, countConditions, emptyGroup, ruleErrorText, stripKeys, updateAt, withKeys } from '../../components/analysis/ruleModel';
import { errorText } from '../../components/errorText';
import { ExportMailingList } from '../../components/exports/ExportMailingList';
import { useFormat } from '../../hooks/useFormat';
import { useApp } from '../../stores/app';

/** The segment builder: a saved segment (re-evaluated on open) or 'new'. */
export function SegmentPage({ id }: { id: string }) {
  return <SegmentEditor key={id} id={id} />;
}

function SegmentEditor({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { navigate, revision } = useApp();
  const isNew = id === 'new';
  const [rule, setRule] = useState<RuleGroup | null>(() => (isNew ? withKeys(peekDraft()?.rule ?? emptyGroup()) : null));
  const [name, setName] = useState(() => (isNew ? (peekDraft()?.name ?? '') : ''));
  const [savedJson, setSavedJson] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const [count, setCount] = useState<{ count: number; total: number } | null>(null);
  const [counting, setCounting] = useState(false);
  const [ruleError, setRuleError] = useState<ApiError | null>(null);
  /** The last rule the backend accepted: the member list follows it. */
  const [validJson, setValidJson] = useState<string | null>(null);

  const [saving, setSaving] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const countGen = useRef(0);
  // Condition numbers typed wrong (a minus sign, a decimal, out of range): refused at their fields and
  // kept out of the rule, so the rule is neither counted nor saved until they are right.
  const [wrongNumbers, setWrongNumbers] = useState<ReadonlySet<string>>(new Set());
  const reportNumber = useCallback((key: string, wrong: boolean) => {
    setWrongNumbers((now) => {
      if (now.has(key) === wrong) return now;
      const next = new Set(now);
      if (wrong) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const numbersWrong = wrongNumbers.size > 0;

  useEffect(() => {
    if (isNew) return;
    let live = true;
    call('segments.get', { id }).then(
      (s) => {
        if (!live) return;
        setRule(withKeys(s.rule));
        setName(s.name);
        setSavedJson(JSON.stringify({ name: s.name, rule: s.rule }));
      },
      (e: unknown) => live && setLoadError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, isNew, t]);

  const cleanJson = rule ? JSON.stringify(stripKeys(rule)) : null;

  // The live count: ~250 ms after the last change, only the newest answer is shown.
  useEffect(() => {
    if (cleanJson === null) return;
    const gen = ++countGen.current;
    if (numbersWrong) {
      setCounting(false);
      return;
    }
    setCounting(true);
    const timer = setTimeout(() => {
      call('segments.count', { rule: JSON.parse(cleanJson) as RuleGroup }).then(
        (r) => {
          if (gen !== countGen.current) return;
          setCount(r);
          setRuleError(null);
          setValidJson(cleanJson);
          setCounting(false);
        },
        (e: unknown) => {
          if (gen !== countGen.current) return;
          setRuleError(apiErrorOf(e) ?? { code: 'INTERNAL', message: '' });
          setCounting(false);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [cleanJson, revision, numbersWrong]);

  const onEdit = useCallback((path: number[], fn: (r: Rule) => Rule | null) => {
    setRule((root) => (root ? updateAt(root, path, fn) : root));
    setSavedAt(null);
  }, []);

  async function save(): Promise<void> {
    if (!rule) return;
    setNameError(null);
    if (numbersWrong) {
      setSaveError(t('segments.fixNumbers'));
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await call('segments.save', { id: isNew ? null : id, name, rule: stripKeys(rule) });
      setSavedJson(JSON.stringify({ name: saved.name, rule: saved.rule }));
      setName(saved.name);
      setSavedAt(Date.now());
      if (isNew) navigate({ page: 'segment', id: saved.id });
    } catch (e) {
      const err = apiErrorOf(e);
      if (err?.field === 'name') setNameError(ruleErrorText(t, err));
      else if (err?.field?.startsWith('rule')) setRuleError(err);
      else setSaveError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  }

  if (loadError) return <Alert color="red">{loadError}</Alert>;
  if (!rule || cleanJson === null) {
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  }

  const dirty =
    savedJson === null ||
    savedJson !== JSON.stringify({ name: name.trim().replace(/\s+/g, ' '), rule: JSON.parse(cleanJson) as RuleGroup });
  const translatedError = ruleError ? { field: ruleError.field, text: ruleErrorText(t, ruleError) } : null;
  const share = count && count.total > 0 ? count.count / count.total : 0;
  const conditions = countConditions(rule);

  return (
    <Stack gap="md">
      <div>
        <Anchor size="sm" onClick={() => navigate({ page: 'segments' })} data-testid="back-to-segments">
          ← {t('nav.segments')}
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4}>
          <Title order={2} data-testid="segment-title">
            {isNew ? t('segments.newTitle') : name || t('segments.untitled')}
          </Title>
          <Group gap="sm">
            {!isNew && dirty && (
              <Badge color="yellow" variant="light">
                {t('segments.unsaved')}
              </Badge>
            )}
            {/* The export reads the saved definition, so it is offered once the segment is saved. */}
            {!isNew && savedJson && <ExportMailingList selection={{ kind: 'segment', segmentId: id }} />}
          </Group>
        </Group>
      </div>

      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder radius="md" p="md">
            <Group justify="space-between" mb="sm">
              <Title order={4}>{t('segments.rulesTitle')}</Title>
              <Text size="sm" c="dimmed">
                {t('segments.conditions', { count: conditions })}
              </Text>
            </Group>
            <PendingNumbers.Provider value={reportNumber}>
              <RuleEditor group={rule} path={[]} onEdit={onEdit} error={translatedError} />
            </PendingNumbers.Provider>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md" style={{ position: 'sticky', top: 72 }}>
            <Paper withBorder radius="md" p="md" data-testid="live-count-card">
              <Group justify="space-between">
                <Text size="xs" tt="uppercase" fw={700} c="dimmed">
                  {t('segments.matching')}
                </Text>
                {counting && <Loader size={14} data-testid="counting" />}
              </Group>
              <Text
                fz={40}
                fw={700}
                lh={1.2}
                style={{ fontVariantNumeric: 'tabular-nums', opacity: ruleError || numbersWrong ? 0.35 : 1 }}
                data-testid="live-count"
              >
                {count ? f.number(count.count) : '—'}
              </Text>
              <Text size="sm" c="dimmed">
                {count
                  ? t('segments.ofTotal', {
                      total: f.number(count.total),
                      share: (share * 100).toLocaleString(f.locale, { maximumFractionDigits: 1 }),
                    })
                  : ' '}
              </Text>
              <Progress value={share * 100} mt="sm" size="sm" />
              {(ruleError || numbersWrong) && (
                <Text size="sm" c="red" mt="xs" data-testid="fix-to-count">
                  {t('segments.fixToCount')}
                </Text>
              )}
            </Paper>
            <Paper withBorder radius="md" p="md">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <Stack gap="xs">
                  <TextInput
                    label={t('segments.name')}
                    placeholder={t('segments.namePlaceholder')}
                    value={name}
                    onChange={(e) => {
                      setName(e.currentTarget.value);
                      setNameError(null);
                      setSavedAt(null);
                    }}
                    error={nameError}
                    data-testid="segment-name"
                  />
                  <Group justify="space-between">
                    <Text size="sm" c="teal.7" data-testid="segment-saved">
                      {savedAt && !dirty ? t('segments.saved') : ''}
                    </Text>
                    <Button type="submit" loading={saving} disabled={!dirty && !isNew} data-testid="save-segment">
                      {t('segments.save')}
                    </Button>
                  </Group>
                  {saveError && (
                    <Text size="sm" c="red">
                      {saveError}
                    </Text>
                  )}
                </Stack>
              </form>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>

      <div>
        <Title order={4} mb="xs">
          {t('segments.members')}
        </Title>
        {validJson ? (
          <MemberList rule={JSON.parse(validJson) as RuleGroup} height={480} />
        ) : (
          <Paper withBorder radius="md" p="xl">
            <Text c="dimmed" ta="center">
              {ruleError ? t('segments.fixToList') : t('analysis.loading')}
            </Text>
          </Paper>
        )}
      </div>
    </Stack>
  );
}
