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

// Text on "light" variants (badges, alerts) in each color, dark enough for 4.5:1 on the tinted background.
const LIGHT_VARIANT_TEXT: Record<string, string> = {
  red: '#a61e1e',
  orange: '#8f3800',
  yellow: '#6b4f00',
  green: '#1d6330',
  blue: '#145591',
  grape: '#7a2590',
  gray: '#343a40',
  desk: '#0d4f67',
};

// Mantine's default dimmed and error colors are too light on white for small text (under 4.5:1).
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    ...Object.fromEntries(
      Object.entries(LIGHT_VARIANT_TEXT).map(([color, text]) => [`--mantine-color-${color}-light-color`, text]),
    ),
  },
  dark: {},
});
