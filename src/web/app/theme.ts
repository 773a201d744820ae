import { Badge, createTheme } from '@mantine/core';

/** Calm and legible: teal primary, system fonts, keyboard focus ring always visible. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'sm',
  focusRing: 'auto',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Status badges in narrow table columns must never shrink to "SUC…".
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});
