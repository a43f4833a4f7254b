import { Select, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../../../../shared/contract/segments';
import { useFacets } from '../../../hooks/useFacets';
import type { IsBad } from './fieldParts';

type Tags = Extract<RuleCondition, { kind: 'tags' }>;

/** Has any / all / none of the given tags, suggesting the tags in use. */
export function TagsFields({ value, onChange, bad }: { value: Tags; onChange(c: Tags): void; bad: IsBad }) {
  const { t } = useTranslation();
  const suggestions = useFacets();
  return (
    <>
      <Select
        w={170}
        data={(['any', 'all', 'none'] as const).map((op) => ({ value: op, label: t(`rules.tagsOp.${op}`) }))}
        value={value.op}
        allowDeselect={false}
        onChange={(op) => op && onChange({ ...value, op: op as typeof value.op })}
        aria-label={t('rules.tagsOpLabel')}
      />
      <TagsInput
        style={{ flex: 1 }}
        miw={200}
        value={value.tags}
        onChange={(tags) => onChange({ ...value, tags })}
        data={suggestions?.tags.map((x) => x.value) ?? []}
        limit={30}
        placeholder={t('rules.tagsPlaceholder')}
        error={bad('tags')}
        aria-label={t('rules.kind.tags')}
        data-testid="condition-tags"
        acceptValueOnBlur
      />
    </>
  );
}
