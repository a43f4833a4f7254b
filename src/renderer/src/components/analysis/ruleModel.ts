/**
 * The rule builder's data helpers: a default for each kind of condition, immutable edits by path,
 * and turning the backend's validation errors (a dotted `field` into the input) into the rule
 * they belong to.
 */
import type { TFunction } from 'i18next';
import type { Rule, RuleCondition, RuleGroup } from '../../../../shared/contract/segments';
import type { ApiError } from '../../../../shared/errors';
import { ApiCallError } from '../../api/client';

export const CONDITION_KINDS = [
  'age',
  'gender',
  'area',
  'visits',
  'spend',
  'firstPurchase',
  'lastPurchase',
  'points',
  'rfmSegment',
  'lifecycle',
  'tier',
  'tags',
  'consent',
  'unhappy',
  'birthday',
  'purchaseAnniversary',
  'responsible',
] as const satisfies readonly RuleCondition['kind'][];
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** A new condition that is complete where a sensible value exists, so the count updates at once. */
export function defaultCondition(kind: ConditionKind): RuleCondition {
  switch (kind) {
    case 'age':
      return { kind, min: 18, max: 35 };
    case 'gender':
      return { kind, in: ['female'] };
    case 'area':
      return { kind, in: [] };
    case 'visits':
      return { kind, period: { kind: 'lastDays', days: 90 }, min: 2, max: null };
    case 'spend':
      return { kind, period: { kind: 'lastDays', days: 90 }, min: null, max: null };
    case 'firstPurchase':
      return { kind, op: 'withinDays', days: 30, date: null };
    case 'lastPurchase':
      return { kind, op: 'notWithinDays', days: 90, date: null };
    case 'points':
      return { kind, min: 100, max: null };
    case 'rfmSegment':
      return { kind, in: ['champions'] };
    case 'lifecycle':
      return { kind, in: ['lapsed'] };
    case 'tier':
      return { kind, in: [] };
    case 'tags':
      return { kind, op: 'any', tags: [] };
    case 'consent':
      return { kind, marketing: true };
    case 'unhappy':
      return { kind, days: 30 };
    case 'birthday':
    case 'purchaseAnniversary':
      return { kind, fromDay: 0, days: 7 };
    case 'responsible':
      return { kind, in: [] };
  }
}

export const emptyGroup = (op: 'and' | 'or' = 'and'): RuleGroup => ({ kind: 'group', op, rules: [] });

/** Replaces the rule at `path` (indexes into nested `rules`) inside `root`. */
export function updateAt(root: RuleGroup, path: number[], fn: (r: Rule) => Rule | null): RuleGroup {
  if (path.length === 0) return fn(root) as RuleGroup;
  const [head, ...rest] = path as [number, ...number[]];
  const rules = root.rules.flatMap((r, i) => {
    if (i !== head) return [r];
    if (rest.length === 0) {
      const next = fn(r);
      return next ? [next] : [];
    }
    return r.kind === 'group' ? [updateAt(r, rest, fn)] : [r];
  });
  return { ...root, rules };
}

/** "rule.rules.0.rules.2" for the path [0, 2]. */
export const fieldOf = (path: number[]): string => ['rule', ...path.flatMap((i) => ['rules', String(i)])].join('.');

/** The part of the field below the rule (e.g. "min", "period.days"), or '' for the rule itself. */
export function subField(field: string, path: number[]): string {
  const p = fieldOf(path);
  return field === p ? '' : field.slice(p.length + 1);
}

/** The deepest rule path that a field names (a condition, or a group if the error is the group's). */
export function pathOfField(field: string): number[] {
  const parts = field.split('.');
  const path: number[] = [];
  for (let i = 1; i + 1 < parts.length && parts[i] === 'rules'; i += 2) {
    const n = Number(parts[i + 1]);
    if (!Number.isInteger(n)) break;
    path.push(n);
  }
  return path;
}

export function apiErrorOf(e: unknown): ApiError | null {
  return e instanceof ApiCallError ? e.error : null;
}

/** The backend's English validation messages, translated; anything else keeps its English detail. */
export function ruleErrorText(t: TFunction, err: ApiError): string {
  const detail = err.message.replace(/^[\w.]+: /, '');
  const known: [RegExp, string][] = [
    [/give a minimum, a maximum or both/, 'rules.errors.range'],
    [/pick at least one value/, 'rules.errors.pickOne'],
    [/before\/after need a date/, 'rules.errors.dateOrDays'],
    [/from must be on or before to/, 'rules.errors.periodOrder'],
    [/date must be YYYY-MM-DD/, 'rules.errors.date'],
    [/date must be between/, 'rules.errors.dateRange'],
    [/nest at most/, 'rules.errors.depth'],
    [/at most \d+ conditions/, 'rules.errors.tooMany'],
    [/name is required/, 'rules.errors.nameRequired'],
    [/Too small|Too big|expected/, 'rules.errors.number'],
  ];
  for (const [re, key] of known) if (re.test(detail)) return t(key);
  if (err.code !== 'VALIDATION') return t(`errors.${err.code}`, { ...(err.params ?? {}), defaultValue: err.message });
  return t('rules.errors.other', { detail });
}

let seq = 0;

/** A client-only key on each rule, so editors keep their state when a sibling is removed. */
export function keyOf(r: Rule): string {
  return (r as { _k?: string })._k ?? '';
}
export function withKeys<T extends Rule>(r: T): T {
  const keyed = { ...r, _k: keyOf(r) || `r${++seq}` } as T;
  if (keyed.kind === 'group') (keyed as RuleGroup).rules = (r as RuleGroup).rules.map(withKeys);
  return keyed;
}
export function stripKeys<T extends Rule>(r: T): T {
  const { _k: _ignored, ...rest } = r as T & { _k?: string };
  if (rest.kind === 'group') return { ...rest, rules: (rest as unknown as RuleGroup).rules.map(stripKeys) } as unknown as T;
  return rest as T;
}

export function countConditions(rule: Rule): number {
  return rule.kind === 'group' ? rule.rules.reduce((n, r) => n + countConditions(r), 0) : 1;
}
