import { useRef, useState, type SubmitEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { SecretInput } from '../../components/SecretInput.tsx';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { MfaDisableRequest, MfaEnableRequest } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../lib/forms.ts';
import { useSignedInMe } from '../../lib/session.ts';
import { useMfaDisable, useMfaEnable, useMfaSetup } from './profile.api.ts';

/** The server's QR code as an image: an SVG in a data: URL is never parsed into the page's DOM. */
function qrDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

function EnableMfa() {
  const setup = useMfaSetup();
  const enable = useMfaEnable();
  const formRef = useRef<HTMLFormElement>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  if (!setup.data) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          Protect your account with a 6-digit code from an authenticator app when you sign in.
        </Text>
        <ErrorAlert error={setup.error} />
        <Button onClick={() => setup.mutate()} loading={setup.isPending}>
          Set up MFA
        </Button>
      </Stack>
    );
  }

  const { secret, qrSvg } = setup.data;
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(MfaEnableRequest, { code });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    enable.mutate(parsed.data, { onError: (error) => setErrors(serverFieldErrors(error)) });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm">1. Scan this code with your authenticator app.</Text>
        <Image
          src={qrDataUrl(qrSvg)}
          alt="QR code to add OpenHTM to your authenticator app"
          w={180}
          h={180}
          fit="contain"
          bg="white"
        />
        <Text size="sm">Or type this key into the app:</Text>
        <Group gap="xs" wrap="nowrap">
          <Code style={{ wordBreak: 'break-all' }} data-testid="mfa-secret">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <ActionIcon variant="subtle" onClick={copy} aria-label={copied ? 'Key copied' : 'Copy key'}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">2. Enter the 6-digit code the app shows.</Text>
        <ErrorAlert error={enable.error} inlineFields={['code']} />
        <TextInput
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          error={fieldMessage('Code', errors.code)}
          maw={220}
        />
        <Button type="submit" loading={enable.isPending} style={{ alignSelf: 'flex-start' }}>
          Turn on MFA
        </Button>
      </Stack>
    </form>
  );
}

function DisableMfa() {
  const disable = useMfaDisable();
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(MfaDisableRequest, { password });
    if (!parsed.ok) return setErrors({ password: 'is required' });
    setErrors({});
    disable.mutate(parsed.data, { onError: (error) => setErrors(serverFieldErrors(error)) });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          To turn MFA off, confirm with your password. Your account will then be protected by the password
          alone.
        </Text>
        <ErrorAlert error={disable.error} inlineFields={['password']} />
        <SecretInput
          label="Password to turn off MFA"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldMessage('Password', errors.password)}
          maw={360}
        />
        <Button
          type="submit"
          color="red"
          variant="light"
          loading={disable.isPending}
          style={{ alignSelf: 'flex-start' }}
        >
          Turn off MFA
        </Button>
      </Stack>
    </form>
  );
}

export function MfaCard() {
  const me = useSignedInMe();
  const enabled = me.user.mfaEnabled;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="mfa-heading">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} size="h4" id="mfa-heading">
            Multi-factor authentication
          </Title>
          <Badge variant="light" color={enabled ? 'teal' : 'yellow'}>
            {enabled ? 'On' : 'Off'}
          </Badge>
        </Group>
        {enabled ? (
          <>
            <Alert color="teal" role="status">
              MFA is on: signing in asks for a code from your authenticator app.
            </Alert>
            <DisableMfa />
          </>
        ) : (
          <EnableMfa key="enable" />
        )}
      </Stack>
    </Paper>
  );
}
