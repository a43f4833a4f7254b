import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../shared/contract/imports';
import { useFormat } from '../../hooks/useFormat';
import { Stat } from '../Stat';

const DECIMAL_LABEL = { '.': 'decimalDot', ',': 'decimalComma' } as const;

/** How the file was read (date order, decimal mark) and what importing it would do, in counts. */
export function PreviewCounts({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <Text size="sm" mb="sm" data-testid="import-formats">
        {t('import.formatsRead', {
          date: t(`import.dateFormats.${preview.formats.dateFormat.value}`),
          dateHow: t(`import.how.${preview.formats.dateFormat.how}`),
          decimal: t(`import.${DECIMAL_LABEL[preview.formats.decimalMark.value]}`),
          decimalHow: t(`import.how.${preview.formats.decimalMark.how}`),
        })}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 7 }} mb="md">
        <Stat size="xl" label={t('import.counts.rows')} value={f.number(preview.counts.rows)} />
        <Stat size="xl" label={t('import.counts.valid')} value={f.number(preview.counts.valid)} testId="import-valid" />
        <Stat
          size="xl"
          label={t('import.counts.errors')}
          value={f.number(preview.counts.errorRows)}
          testId="import-errors"
          color={preview.counts.errorRows ? 'red' : undefined}
        />
        <Stat size="xl" label={t('import.counts.already')} value={f.number(preview.counts.alreadyImported)} testId="import-already" />
        <Stat size="xl" label={t('import.counts.walkIns')} value={f.number(preview.counts.walkIns)} testId="import-walk-ins" />
        <Stat size="xl" label={t('import.counts.create')} value={f.number(preview.counts.customersToCreate)} testId="import-create" />
        <Stat size="xl" label={t('import.counts.total')} value={f.money(preview.counts.totalAmount)} />
      </SimpleGrid>
      {preview.counts.customersWithoutDetails > 0 && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="import-without-details">
          {t('import.withoutDetails', { count: preview.counts.customersWithoutDetails })}
        </Text>
      )}
      {preview.firstSoldAt && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('import.range', { from: f.date(preview.firstSoldAt), to: f.date(preview.lastSoldAt) })}
        </Text>
      )}
    </>
  );
}
