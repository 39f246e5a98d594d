// A calm, high-contrast look for long shifts: one deep teal-blue accent, quiet grays, text that passes WCAG AA.
import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

const desk: MantineColorsTuple = [
  '#e6f2f6',
  '#cde4ec',
  '#9ccad9',
  '#68aec5',
  '#3f97b3',
  '#2688a8',
  '#17708f',
  '#125f7b',
  '#0d4f67',
  '#083e52',
];

export const theme = createTheme({
  primaryColor: 'desk',
  primaryShade: 7,
  colors: { desk },
  defaultRadius: 'sm',
  focusRing: 'auto',
  cursorType: 'pointer',
  headings: { fontWeight: '600' },
});

// Mantine's default dimmed and error colors are too light on white for small text (under 4.5:1).
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
