import { MultiSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NO_TIER } from '../../../../../shared/contract/tiers';
import { useApiQuery } from '../../../hooks/useApiQuery';

/** The shop's tier names (from the tier rule in settings), plus "no tier"; a removed tier stays pickable. */
export function TierPicker({ value, onChange, bad }: { value: string[]; onChange(v: string[]): void; bad: boolean }) {
  const { t } = useTranslation();
  const names = useApiQuery('tiers.getRule', {}, '', 0).data?.tiers.map((x) => x.name) ?? null;
  const known = names ?? [];
  const data = [
    { value: NO_TIER, label: t('rules.tierNone') },
    ...known.map((n) => ({ value: n, label: n })),
    ...value.filter((v) => v !== NO_TIER && !known.includes(v)).map((v) => ({ value: v, label: t('rules.tierGone', { name: v }) })),
  ];
  return (
    <Stack gap={2} style={{ flex: 1 }}>
      <MultiSelect
        miw={260}
        data={data}
        value={value}
        onChange={onChange}
        error={bad}
        placeholder={t('rules.tierPlaceholder')}
        aria-label={t('rules.kind.tier')}
        data-testid="condition-tier"
      />
      {names !== null && names.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('rules.tierNoneConfigured')}
        </Text>
      )}
    </Stack>
  );
}
