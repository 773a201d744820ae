import { useRef, useState, type SubmitEvent } from 'react';
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { SecretInput } from '../../components/SecretInput.tsx';
import { LoginRequest, MfaVerifyRequest, type LoginResponse } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../lib/forms.ts';
import { useLogin, useVerifyMfa } from './auth.api.ts';

interface StepProps {
  onResult: (response: LoginResponse) => void;
}

export function CredentialsForm({ onResult }: StepProps) {
  const login = useLogin();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(LoginRequest, { email, password });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    login.mutate(parsed.data, {
      onSuccess: onResult,
      onError: (error) => {
        setPassword('');
        setErrors(serverFieldErrors(error));
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Sign in">
      <Stack>
        <ErrorAlert error={login.error} title="Sign-in failed" inlineFields={['email', 'password']} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldMessage('Email', errors.email)}
          autoFocus
        />
        <SecretInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldMessage('Password', errors.password)}
        />
        <Button type="submit" loading={login.isPending} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}

export function MfaForm({ onResult, onCancel }: StepProps & { onCancel: () => void }) {
  const verify = useVerifyMfa();
  const formRef = useRef<HTMLFormElement>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(MfaVerifyRequest, { code });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    verify.mutate(parsed.data.code, {
      onSuccess: onResult,
      onError: (error) => {
        setCode('');
        setErrors(serverFieldErrors(error));
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Two-step verification">
      <Stack>
        <Text size="sm">Enter the 6-digit code from your authenticator app.</Text>
        <ErrorAlert error={verify.error} title="Verification failed" inlineFields={['code']} />
        <TextInput
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          error={fieldMessage('Code', errors.code)}
          autoFocus
          styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
        />
        <Button type="submit" loading={verify.isPending} fullWidth>
          Verify
        </Button>
        <Button variant="subtle" onClick={onCancel}>
          Use a different account
        </Button>
      </Stack>
    </form>
  );
}
