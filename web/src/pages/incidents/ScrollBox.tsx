// A table's frame inside a section that may be narrower than the table (a phone): it scrolls sideways, and since it
// scrolls it can be reached with Tab and scrolled with the arrow keys, named for screen readers (WCAG 2.1.1).
import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Box>
  );
}
