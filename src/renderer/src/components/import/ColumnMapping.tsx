import { Button, Checkbox, Group, Paper, ScrollArea, Select, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportInspection } from '../../../../shared/contract/imports';
import { CUSTOMER_KEYS, DATE_FORMATS } from '../../../../shared/contract/imports';
import { OPTIONAL, REQUIRED, type ImportOptionsForm, type MappingForm } from './importForm';

interface Props {
  inspection: ImportInspection;
  mapping: MappingForm;
  options: ImportOptionsForm;
  onMapping(m: MappingForm): void;
  onOptions(o: ImportOptionsForm): void;
  onPreview(): void;
  /** The preview is being computed. */
  busy: boolean;
}

/** Which column of the file is which, how to read its dates and amounts, and the first rows as they are. */
export function ColumnMapping({ inspection, mapping, options, onMapping, onOptions, onPreview, busy }: Props) {
  const { t } = useTranslation();
  const columnChoices = inspection.columns.map((c) => ({ value: c, label: c }));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={4} mb="sm">
        {t('import.columnsTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {REQUIRED.map((k) => (
          <Select
            key={k}
            label={t(`import.field.${k}`)}
            required
            data={columnChoices}
            value={mapping[k]}
            onChange={(v) => onMapping({ ...mapping, [k]: v })}
            data-testid={`map-${k}`}
          />
        ))}
        <Select
          label={t('import.customerKey')}
          data={CUSTOMER_KEYS.map((k) => ({ value: k, label: t(`import.key.${k}`) }))}
          value={mapping.customerKey ?? 'auto'}
          onChange={(v) => v && onMapping({ ...mapping, customerKey: v })}
          allowDeselect={false}
        />
        <Select
          label={t('import.dateFormat')}
          data={(['auto', ...DATE_FORMATS] as const).map((d) => ({ value: d, label: t(`import.dateFormats.${d}`) }))}
          value={options.dateFormat}
          onChange={(v) => v && onOptions({ ...options, dateFormat: v as ImportOptionsForm['dateFormat'] })}
          allowDeselect={false}
        />
        <Select
          label={t('import.decimalMark')}
          data={[
            { value: 'auto', label: t('import.decimalAuto') },
            { value: '.', label: t('import.decimalDot') },
            { value: ',', label: t('import.decimalComma') },
          ]}
          value={options.decimalMark}
          onChange={(v) => v && onOptions({ ...options, decimalMark: v as ImportOptionsForm['decimalMark'] })}
          allowDeselect={false}
        />
        <TextInput
          label={t('import.sourceName')}
          description={t('import.sourceHint')}
          value={options.sourceName}
          onChange={(e) => onOptions({ ...options, sourceName: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Text fw={600} mt="md" mb={4}>
        {t('import.optionalColumns')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }}>
        {OPTIONAL.map((k) => (
          <Select
            key={k}
            label={t(`import.field.${k}`)}
            clearable
            data={columnChoices}
            value={mapping[k]}
            onChange={(v) => onMapping({ ...mapping, [k]: v })}
          />
        ))}
      </SimpleGrid>
      <Checkbox
        mt="md"
        label={t('import.createCustomers')}
        checked={options.createCustomers}
        onChange={(e) => onOptions({ ...options, createCustomers: e.currentTarget.checked })}
        data-testid="import-create-customers"
      />
      <Checkbox
        mt="xs"
        label={t('import.earnPoints')}
        description={t('import.earnPointsHint')}
        checked={options.earnPoints}
        onChange={(e) => onOptions({ ...options, earnPoints: e.currentTarget.checked })}
        data-testid="import-earn-points"
      />
      <ScrollArea mt="md">
        <Table withTableBorder fz="xs">
          <Table.Thead>
            <Table.Tr>
              {inspection.columns.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.sample.slice(0, 5).map((row, i) => (
              <Table.Tr key={i}>
                {row.map((cell, j) => (
                  <Table.Td key={j}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="flex-end" mt="md">
        <Button onClick={onPreview} loading={busy} data-testid="import-preview">
          {t('import.preview')}
        </Button>
      </Group>
    </Paper>
  );
}
