import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorText } from './errorText';

export interface FolderSettingText {
  title: string;
  explain: string;
  label: string;
  placeholder: string;
  missing: string;
  saved: string;
  clear: string;
}

/**
 * A folder the owner types (browser mode has no folder dialog, and the app's preload exposes nothing
 * but `invoke`): the backups' second folder, the tills' shared sync folder. `save` stores it (null:
 * none) and throws the backend's refusal, shown under the field; `children` go above the form.
 * Test ids: `testId` on the field, `-save`, `-clear`, `-saved`.
 */
export function FolderSettingCard({
  current,
  missing,
  text,
  save,
  testId,
  children,
}: {
  current: string | null;
  missing: boolean;
  text: FolderSettingText;
  save: (folder: string | null) => Promise<void>;
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState(current ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setFolder(current ?? ''), [current]);

  async function store(value: string | null): Promise<void> {
    setSaved(false);
    try {
      await save(value);
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(fieldErrorText(t, e));
    }
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Title order={4}>{text.title}</Title>
        <Text size="sm">{text.explain}</Text>
        {children}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void store(folder.trim() === '' ? null : folder);
          }}
        >
          <Stack>
            <TextInput
              label={text.label}
              placeholder={text.placeholder}
              value={folder}
              onChange={(e) => {
                setFolder(e.currentTarget.value);
                setSaved(false);
              }}
              error={error}
              data-testid={testId}
            />
            {missing && <Alert color="orange">{text.missing}</Alert>}
            {saved && (
              <Alert color="green" data-testid={`${testId}-saved`}>
                {text.saved}
              </Alert>
            )}
            <Group justify="flex-end">
              {current && (
                <Button variant="default" onClick={() => void store(null)} data-testid={`${testId}-clear`}>
                  {text.clear}
                </Button>
              )}
              <Button type="submit" data-testid={`${testId}-save`}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
