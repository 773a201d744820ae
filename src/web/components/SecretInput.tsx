import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/**
 * A password field whose show/hide toggle is named "Show characters" (a toggle button with aria-pressed), so
 * the field's label is the only accessible name containing "password" — finding it by label stays unambiguous.
 */
export function SecretInput(props: PasswordInputProps) {
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }} {...props} />;
}
