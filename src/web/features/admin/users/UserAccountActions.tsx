import { useRef, useState, type SubmitEvent } from 'react';
import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { SecretInput } from '../../../components/SecretInput.tsx';
import { ResetPasswordRequest } from '../../../../contracts/index.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { useEndUserSessions, useResetPassword } from './users.api.ts';

export function ResetPasswordForm({ userId }: { userId: string }) {
  const reset = useResetPassword(userId);
  const formRef = useRef<HTMLFormElement>(null);
  const [newPassword, setNewPassword] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(ResetPasswordRequest, { newPassword, reason: reason || undefined });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    reset.mutate(parsed.data, {
      onSuccess: () => {
        setNewPassword('');
        setReason('');
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="reset-password-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="reset-password-heading">
          Reset password
        </Title>
        <Text size="sm" c="dimmed">
          Sets a new password and signs the person out everywhere.
        </Text>
        <ErrorAlert error={reset.error} inlineFields={['newPassword', 'reason']} />
        {reset.isSuccess ? (
          <Alert color="teal" role="status">
            Password reset. Give the new password to the person through a safe channel.
          </Alert>
        ) : null}
        <SecretInput
          label="New password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={fieldMessage('New password', errors.newPassword)}
        />
        <TextInput
          label="Reason for the reset"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldMessage('Reason', errors.reason)}
        />
        <Button type="submit" variant="default" loading={reset.isPending} style={{ alignSelf: 'flex-start' }}>
          Reset password
        </Button>
      </Stack>
    </form>
  );
}

export function EndSessionsSection({ userId, isSelf }: { userId: string; isSelf: boolean }) {
  const end = useEndUserSessions(userId);
  return (
    <Stack gap="sm" component="section" aria-labelledby="end-sessions-heading">
      <Title order={3} size="h5" id="end-sessions-heading">
        Sessions
      </Title>
      <Text size="sm" c="dimmed">
        {isSelf
          ? 'This would also end the session you are using now.'
          : 'Signs the person out on every device, e.g. after a lost phone.'}
      </Text>
      <ErrorAlert error={end.error} />
      {end.isSuccess ? (
        <Alert color="teal" role="status">
          All sessions ended.
        </Alert>
      ) : null}
      <div>
        <ConfirmButton
          variant="default"
          color="red"
          question="End every session of this person?"
          confirmLabel="End sessions"
          onConfirm={() => end.mutate()}
          loading={end.isPending}
        >
          End all sessions
        </ConfirmButton>
      </div>
    </Stack>
  );
}
