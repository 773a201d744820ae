import { useRef, useState, type SubmitEvent } from 'react';
import { Alert, Button, Paper, Stack, Title } from '@mantine/core';
import { SecretInput } from '../../components/SecretInput.tsx';
import { ChangePasswordRequest } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../lib/forms.ts';
import { useChangePassword } from './profile.api.ts';

export function ChangePasswordCard() {
  const change = useChangePassword();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(ChangePasswordRequest, values);
    const next: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (values.currentPassword === '') next.currentPassword = 'is required';
    if (values.confirm !== values.newPassword) next.confirm = 'Confirmation does not match the new password';
    if (!parsed.ok || next.confirm) return setErrors(next);
    setErrors({});
    change.mutate(parsed.data, {
      onSuccess: () => setValues({ currentPassword: '', newPassword: '', confirm: '' }),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="password-heading">
      <form ref={formRef} onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="password-heading">
            Password
          </Title>
          <ErrorAlert error={change.error} inlineFields={['currentPassword', 'newPassword']} />
          {change.isSuccess ? (
            <Alert color="teal" role="status">
              Your password has been changed.
            </Alert>
          ) : null}
          <SecretInput
            label="Current password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={(e) => set({ currentPassword: e.currentTarget.value })}
            error={fieldMessage('Current password', errors.currentPassword)}
          />
          <SecretInput
            label="New password"
            description="At least 12 characters. A long passphrase is easiest to remember."
            autoComplete="new-password"
            value={values.newPassword}
            onChange={(e) => set({ newPassword: e.currentTarget.value })}
            error={fieldMessage('New password', errors.newPassword)}
          />
          <SecretInput
            label="Confirm new password"
            autoComplete="new-password"
            value={values.confirm}
            onChange={(e) => set({ confirm: e.currentTarget.value })}
            error={errors.confirm}
          />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
            Change password
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
