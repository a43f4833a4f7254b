import { ActionIcon, Box, Button, Group, Menu, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MAX_RULE_DEPTH, type Rule, type RuleGroup } from '../../../../shared/contract/segments';
import { ConditionEditor } from './ConditionEditor';
import { CONDITION_KINDS, defaultCondition, emptyGroup, keyOf, pathOfField, subField, withKeys, type ConditionKind } from './ruleModel';

interface Props {
  group: RuleGroup;
  /** Index path of this group from the root ([] = root). */
  path: number[];
  /** Replace the rule at a path (null removes it). */
  onEdit(path: number[], fn: (r: Rule) => Rule | null): void;
  /** The backend's complaint, already translated, and the input field it names. */
  error: { field: string | undefined; text: string } | null;
}

const samePath = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const GROUP_COLOURS = ['teal', 'indigo', 'grape', 'orange'];

/** An AND/OR group of conditions and nested groups, editable in place. */
export function RuleEditor({ group, path, onEdit, error }: Props) {
  const { t } = useTranslation();
  const depth = path.length + 1;
  const errorPath = error?.field ? pathOfField(error.field) : null;
  // The deepest rule a field names owns the error; a field-less error belongs to the root.
  const groupError = error && (errorPath === null ? path.length === 0 : samePath(errorPath, path));
  const colour = GROUP_COLOURS[(depth - 1) % GROUP_COLOURS.length];

  const add = (rule: Rule): void => onEdit(path, (g) => ({ ...(g as RuleGroup), rules: [...(g as RuleGroup).rules, withKeys(rule)] }));

  return (
    <Box
      pl="sm"
      py={4}
      style={{ borderLeft: `3px solid var(--mantine-color-${colour}-4)` }}
      data-testid={path.length === 0 ? 'rule-root' : 'rule-group'}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              value={group.op}
              onChange={(op) => onEdit(path, (g) => ({ ...(g as RuleGroup), op: op as 'and' | 'or' }))}
              data={[
                { value: 'and', label: t('rules.and') },
                { value: 'or', label: t('rules.or') },
              ]}
              data-testid="group-op"
            />
            <Text size="sm" c="dimmed">
              {group.op === 'and' ? t('rules.andHint') : t('rules.orHint')}
            </Text>
          </Group>
          {path.length > 0 && (
            <Tooltip label={t('rules.removeGroup')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => onEdit(path, () => null)}
                aria-label={t('rules.removeGroup')}
                data-testid="remove-group"
              >
                ×
              </ActionIcon>
            </Tooltip>
          )}
        </Group>

        {group.rules.length === 0 && (
          <Text size="sm" c="dimmed" fs="italic">
            {path.length === 0 ? t('rules.emptyRoot') : t('rules.emptyGroup')}
          </Text>
        )}

        {group.rules.map((rule, i) => {
          const p = [...path, i];
          const key = keyOf(rule) || String(i);
          if (rule.kind === 'group') return <RuleEditor key={key} group={rule} path={p} onEdit={onEdit} error={error} />;
          const mine = error?.field !== undefined && errorPath !== null && samePath(errorPath, p);
          return (
            <ConditionEditor
              key={key}
              value={rule}
              onChange={(next) => onEdit(p, (old) => ({ ...next, _k: keyOf(old) }) as unknown as Rule)}
              onRemove={() => onEdit(p, () => null)}
              error={mine ? error.text : null}
              errorField={mine ? subField(error.field!, p) : undefined}
            />
          );
        })}

        {groupError && (
          <Text size="sm" c="red" data-testid="group-error">
            {error.text}
          </Text>
        )}

        <Group gap="xs">
          <Menu position="bottom-start" shadow="md" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="light" data-testid="add-condition">
                {t('rules.addCondition')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {CONDITION_KINDS.map((k) => (
                <Menu.Item key={k} onClick={() => add(defaultCondition(k as ConditionKind))} data-testid={`add-${k}`}>
                  {t(`rules.kind.${k}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {depth < MAX_RULE_DEPTH && (
            <Button size="xs" variant="subtle" onClick={() => add(emptyGroup(group.op === 'and' ? 'or' : 'and'))} data-testid="add-group">
              {t('rules.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Box>
  );
}
