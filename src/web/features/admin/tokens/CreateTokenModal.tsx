import { useRef, useState, type SubmitEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  NumberInput,
  Stack,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { CreateApiTokenRequest, tokenScopes } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/Overlays.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { useCreateApiToken } from './tokens.api.ts';

type Scope = (typeof tokenScopes)[number];
const scopeLabels: Record<Scope, string> = { read: 'Read', write: 'Write' };

/** The secret, once: copyable, with a plain warning that it cannot be shown again. */
function TokenReveal({ token, onDone }: { token: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Copy this token now" role="alert">
        This is the only time the token is shown. Store it in your integration&apos;s secret store. If it is
        lost, revoke it and create a new one.
      </Alert>
      <TextInput
        label="Secret token"
        value={token}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        rightSection={
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon variant="subtle" onClick={copy} aria-label={copied ? 'Copied' : 'Copy token'}>
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

function CreateTokenForm({ onDone, onCreated }: { onDone: () => void; onCreated: () => void }) {
  const create = useCreateApiToken();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [expiresInDays, setExpiresInDays] = useState<number | string>(90);
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  if (create.data) return <TokenReveal token={create.data.token} onDone={onDone} />;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(CreateApiTokenRequest, { name, scopes, expiresInDays: Number(expiresInDays) });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: onCreated,
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack>
        <ErrorAlert error={create.error} inlineFields={['name', 'scopes', 'expiresInDays']} />
        <TextInput
          label="Name"
          description="What uses the token, e.g. “Nightly inventory export”"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldMessage('Name', errors.name)}
          data-autofocus
        />
        <Checkbox.Group
          label="Scopes"
          value={scopes}
          onChange={setScopes}
          error={fieldMessage('Scopes', errors.scopes)}
        >
          <Group mt={4}>
            {tokenScopes.map((scope) => (
              <Checkbox key={scope} value={scope} label={scopeLabels[scope]} />
            ))}
          </Group>
        </Checkbox.Group>
        <NumberInput
          label="Expires in (days)"
          min={1}
          max={730}
          value={expiresInDays}
          onChange={setExpiresInDays}
          error={fieldMessage('Expiry', errors.expiresInDays)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState(false);
  const close = () => {
    setCreated(false);
    onClose();
  };
  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={created ? 'API token created' : 'New API token'}
      size="md"
    >
      {opened ? <CreateTokenForm onDone={close} onCreated={() => setCreated(true)} /> : null}
    </FormModal>
  );
}
