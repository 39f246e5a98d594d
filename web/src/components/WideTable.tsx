// The frame of a table that may be wider than the screen (a phone): it scrolls sideways, and since it scrolls it can
// be reached with Tab and scrolled with the arrow keys, named for screen readers (WCAG 2.1.1, axe's
// scrollable-region-focusable).
import { Paper } from '@mantine/core';
import type { ReactNode } from 'react';

export function WideTable({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <Paper
      withBorder
      p="md"
      style={{ overflowX: 'auto' }}
      className={className}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </Paper>
  );
}
