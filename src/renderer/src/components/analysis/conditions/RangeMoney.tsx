import { Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAmountPlain, parseMoney } from '../../../../../shared/money';
import { useFormat } from '../../../hooks/useFormat';
import { MoneyInput } from '../../MoneyInput';
import type { IsBad } from './fieldParts';

/** Money bounds typed as the shop writes amounts and kept in minor units. */
export function RangeMoney({
  min,
  max,
  onChange,
  bad,
}: {
  min?: number | null;
  max?: number | null;
  onChange(min: number | null, max: number | null): void;
  bad: IsBad;
}) {
  const { t } = useTranslation();
  const { currency, locale } = useFormat();
  const show = (v?: number | null): string => (v == null ? '' : formatAmountPlain(v, currency, locale));
  const [text, setText] = useState({ min: show(min), max: show(max) });
  const [local, setLocal] = useState<{ min?: string; max?: string }>({});

  function edit(which: 'min' | 'max', s: string): void {
    setText((prev) => ({ ...prev, [which]: s }));
    let value: number | null = null;
    if (s.trim() !== '') {
      const p = parseMoney(s, currency);
      if (!p.ok) {
        setLocal((prev) => ({ ...prev, [which]: t(`money.${p.reason}`) }));
        return;
      }
      value = p.minor;
    }
    setLocal((prev) => ({ ...prev, [which]: undefined }));
    if (which === 'min') onChange(value, max ?? null);
    else onChange(min ?? null, value);
  }

  const whole = bad('');
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <MoneyInput
        w={160}
        placeholder={t('rules.any')}
        value={text.min}
        onChange={(e) => edit('min', e.currentTarget.value)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≥
          </Text>
        }
        error={local.min ?? (bad('min') || whole)}
        aria-label={t('rules.atLeast')}
        data-testid="money-min"
      />
      <MoneyInput
        w={160}
        placeholder={t('rules.any')}
        value={text.max}
        onChange={(e) => edit('max', e.currentTarget.value)}
        leftSection={
          <Text size="xs" c="dimmed">
            ≤
          </Text>
        }
        error={local.max ?? (bad('max') || whole)}
        aria-label={t('rules.atMost')}
        data-testid="money-max"
      />
    </Group>
  );
}
