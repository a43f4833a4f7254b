import { Alert, Badge, Button, Group, Paper, ScrollArea, SegmentedControl, Select, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  DUPLICATE_CHOICES,
  type CustomerImportDuplicate,
  type CustomerImportPreview,
  type CustomerImportProblem,
  type DuplicateChoice,
} from '../../../../shared/contract/customerImport';
import { useFormat } from '../../hooks/useFormat';

const ACTION_COLOR = { create: 'teal', update: 'blue', skip: 'gray', rejected: 'red' } as const;
/** Rows of the duplicates table drawn at once; the choice for all covers the rest. */
const SHOWN_DUPLICATES = 200;

export function problemText(
  t: TFunction,
  p: Pick<CustomerImportProblem, 'line' | 'column' | 'code' | 'message'> & { value?: string | null },
): string {
  const what = t(`customerImport.problem.${p.code}`, { value: p.value ?? '', defaultValue: p.message });
  return p.column
    ? t('customerImport.problemAt', { line: p.line, column: p.column, what })
    : t('customerImport.problemLine', { line: p.line, what });
}

function duplicateText(t: TFunction, d: CustomerImportDuplicate): string {
  const on = t(`customerImport.matchedOn.${d.matchedOn}`);
  return d.against === 'shop'
    ? t('customerImport.duplicateOfShop', { name: d.customerName, code: d.customerCode, on })
    : t('customerImport.duplicateOfFile', { line: d.otherLine, on });
}

export function PreviewPanel(props: {
  preview: CustomerImportPreview;
  onDuplicate: DuplicateChoice;
  choices: Map<number, DuplicateChoice>;
  busy: string | null;
  onChooseAll(c: DuplicateChoice): void;
  onChoose(line: number, c: DuplicateChoice): void;
  onCommit(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { preview, choices } = props;
  const c = preview.counts;
  const choiceData = DUPLICATE_CHOICES.map((k) => ({ value: k, label: t(`customerImport.choice.${k}`) }));
  const toImport = c.create + c.update;
  return (
    <Paper withBorder p="md" radius="md" data-testid="ci-preview-panel">
      <Title order={4} mb="sm">
        {t('customerImport.previewTitle')}
      </Title>
      <Text size="sm" mb="sm" data-testid="ci-date-read">
        {t('customerImport.dateRead', {
          order: t(`customerImport.dateFormats.${preview.dateFormat.value}`),
          how: t(`customerImport.how.${preview.dateFormat.how}`),
        })}
      </Text>
      <SimpleGrid cols={{ base: 3, md: 6 }} mb="md">
        {(['rows', 'create', 'update', 'skip', 'rejected', 'flagged'] as const).map((k) => (
          <div key={k}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`customerImport.counts.${k}`)}
            </Text>
            <Text size="xl" fw={700} c={k === 'rejected' && c.rejected > 0 ? 'red' : undefined} data-testid={`ci-count-${k}`}>
              {f.number(c[k])}
            </Text>
          </div>
        ))}
      </SimpleGrid>

      {preview.problemCount > 0 && (
        <Alert color="orange" mb="md" title={t('customerImport.problemsTitle', { count: preview.problemCount })} data-testid="ci-problems">
          <ScrollArea.Autosize mah={200}>
            {preview.problems.map((p, i) => (
              <div key={i}>{problemText(t, p)}</div>
            ))}
          </ScrollArea.Autosize>
        </Alert>
      )}

      {preview.duplicateCount > 0 && (
        <Paper withBorder p="sm" mb="md" data-testid="ci-duplicates">
          <Text fw={600}>{t('customerImport.duplicatesTitle', { count: preview.duplicateCount })}</Text>
          <Text size="sm" c="dimmed" mb="xs">
            {t('customerImport.duplicatesHint')}
          </Text>
          <Group mb="xs">
            <Text size="sm">{t('customerImport.forAll')}</Text>
            <SegmentedControl
              size="xs"
              data={choiceData}
              value={props.onDuplicate}
              onChange={(v) => props.onChooseAll(v as DuplicateChoice)}
              data-testid="ci-dup-all"
            />
          </Group>
          <ScrollArea.Autosize mah={260}>
            <Table fz="sm">
              <Table.Tbody>
                {preview.duplicates.slice(0, SHOWN_DUPLICATES).map((d) => (
                  <Table.Tr key={d.line}>
                    <Table.Td>
                      {t('customerImport.line')} {d.line}
                    </Table.Td>
                    <Table.Td>{duplicateText(t, d)}</Table.Td>
                    <Table.Td w={200}>
                      <Select
                        size="xs"
                        data={choiceData}
                        value={choices.get(d.line) ?? d.choice}
                        onChange={(v) => v && props.onChoose(d.line, v as DuplicateChoice)}
                        allowDeselect={false}
                        aria-label={`${t('customerImport.line')} ${d.line}`}
                        data-testid={`ci-dup-${d.line}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Paper>
      )}

      <ScrollArea.Autosize mah={360}>
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customerImport.line')}</Table.Th>
              <Table.Th>{t('customerImport.field.name')}</Table.Th>
              <Table.Th>{t('customerImport.field.phone')}</Table.Th>
              <Table.Th>{t('customerImport.field.email')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => (
              <Table.Tr key={r.line} data-testid={`ci-row-${r.line}`}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>{r.fullName}</Table.Td>
                <Table.Td>{r.phone}</Table.Td>
                <Table.Td>{r.email}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={ACTION_COLOR[r.action]}>
                    {t(`customerImport.action.${r.action}`)}
                  </Badge>
                  {r.flagged && (
                    <Badge ml={6} size="sm" variant="light" color="yellow">
                      {t('customerImport.flagged')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Group justify="flex-end" mt="md">
        <Button onClick={props.onCommit} disabled={toImport === 0} loading={props.busy === 'commit'} data-testid="ci-commit">
          {t('customerImport.commit', { count: toImport })}
        </Button>
      </Group>
    </Paper>
  );
}
