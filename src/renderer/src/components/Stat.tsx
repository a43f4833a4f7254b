import { Paper, Text } from '@mantine/core';

/** A labelled figure (points, visits, spend…); `boxed` draws it as a small card. */
export function Stat({ label, value, testId, boxed = false, size = 'lg' }: { label: string; value: string; testId?: string; boxed?: boolean; size?: 'lg' | 'xl' }) {
  const body = (
    <>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size={size} fw={boxed ? 700 : 600} data-testid={testId}>
        {value}
      </Text>
    </>
  );
  return boxed ? (
    <Paper withBorder radius="md" p="sm">
      {body}
    </Paper>
  ) : (
    <div>{body}</div>
  );
}
