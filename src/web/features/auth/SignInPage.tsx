import { useEffect, useState } from 'react';
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconHeartbeat } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router';
import type { LoginResponse } from '../../../contracts/index.ts';
import { setCsrfToken } from '../../lib/api.ts';
import { safeNext } from './auth.api.ts';
import { CredentialsForm, MfaForm } from './SignInForms.tsx';

/** Email and password, then (when the account has MFA) the 6-digit code. */
export function SignInPage() {
  const [step, setStep] = useState<'credentials' | 'mfa'>('credentials');
  const [params] = useSearchParams();
  const navigate = useNavigate();

  useEffect(() => {
    document.title = 'Sign in · OpenHTM';
  }, []);

  const onResult = (response: LoginResponse) => {
    if (response.status === 'mfa_required') return setStep('mfa');
    void navigate(safeNext(params.get('next')), { replace: true });
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper
        component="main"
        withBorder
        shadow="sm"
        radius="md"
        p={{ base: 'lg', sm: 'xl' }}
        w="100%"
        maw={400}
      >
        <Stack gap="lg">
          <Stack gap={4} align="center">
            <Group gap={6}>
              <IconHeartbeat size={28} color="var(--mantine-primary-color-filled)" aria-hidden />
              <Text fw={700} size="xl">
                OpenHTM
              </Text>
            </Group>
            <Title order={1} size="h3">
              {step === 'credentials' ? 'Sign in' : 'Two-step verification'}
            </Title>
          </Stack>
          {step === 'credentials' ? (
            <CredentialsForm onResult={onResult} />
          ) : (
            <MfaForm
              onResult={onResult}
              onCancel={() => {
                setCsrfToken(null);
                setStep('credentials');
              }}
            />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
