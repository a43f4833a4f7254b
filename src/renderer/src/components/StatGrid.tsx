import { SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A row of boxed figures that wraps by the width each figure needs, not by the window's: five or six
 * to a row at 1024 px (beside the sidebar) left each box ~145 px, and a total such as ₫1,377,000 or
 * 1.498.000 ₫ was cut to "₫1,377,…". 12rem holds a ten-digit amount or a long date ("12 thg 12, 2026") in bold.
 */
export function StatGrid({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid minColWidth="12rem" autoFlow="auto-fit" data-testid="stat-grid">
      {children}
    </SimpleGrid>
  );
}
