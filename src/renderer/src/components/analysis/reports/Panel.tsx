import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card of the dashboard, with an optional hint under the title and a link at its end. */
export function Panel({
  title,
  sub,
  children,
  onClick,
  link,
}: {
  title: string;
  sub?: string;
  children: ReactNode;
  onClick?(): void;
  link?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" h="100%">
      <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
        <div>
          <Title order={5}>{title}</Title>
          {sub && (
            <Text size="xs" c="dimmed">
              {sub}
            </Text>
          )}
        </div>
        {onClick && link && (
          <Anchor size="xs" onClick={onClick} style={{ whiteSpace: 'nowrap' }}>
            {link}
          </Anchor>
        )}
      </Group>
      {children}
    </Paper>
  );
}
