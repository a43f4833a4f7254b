import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface StatProps {
  label: string;
  value: string;
  testId?: string;
  /**
   * Drawn as a small card, as in a row of key figures (in a StatGrid, which gives each the width it
   * needs). Its label and sub-line wrap, never cut ("20% KHÁC…"); the figure stays on one line.
   */
  boxed?: boolean;
  size?: 'lg' | 'xl';
  /** A dimmed line under the figure (what it is made of). */
  sub?: string;
  /** Shown at the end of the label's line, e.g. a loader while the figure is refreshed. */
  extra?: ReactNode;
  /** The figure's colour, e.g. red for errors that need attention. */
  color?: string;
}

/** A labelled figure (points, visits, revenue…): the one way the app shows a number with its name. */
export function Stat({ label, value, testId, boxed = false, size = 'lg', sub, extra, color }: StatProps) {
  const labelText = (
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {label}
    </Text>
  );
  const body = (
    <>
      {extra === undefined ? (
        labelText
      ) : (
        <Group justify="space-between">
          {labelText}
          {extra}
        </Group>
      )}
      <Text
        size={size}
        fw={size === 'xl' ? 700 : 600}
        c={color}
        data-testid={testId}
        truncate={boxed}
        // Whole on hover should a figure still be cut short.
        title={boxed ? value : undefined}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
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
