import { useRef, useState, type SubmitEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { SecretInput } from '../../../components/SecretInput.tsx';
import { CreateUserRequest, type Role } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/Overlays.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { roleOptions } from '../shared/options.ts';
import { SiteAccessFields } from '../shared/SiteAccessFields.tsx';
import { useCreateUser } from './users.api.ts';

const fields = ['email', 'displayName', 'role', 'password', 'allSites', 'siteIds', 'qualified'];

const empty = {
  email: '',
  displayName: '',
  role: 'technician' as Role,
  password: '',
  allSites: false,
  siteIds: [] as string[],
  qualified: false,
};

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const create = useCreateUser();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(CreateUserRequest, values);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: onDone,
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack>
        <ErrorAlert error={create.error} inlineFields={fields} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="off"
          value={values.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
          error={fieldMessage('Email', errors.email)}
          data-autofocus
        />
        <TextInput
          label="Display name"
          value={values.displayName}
          onChange={(e) => set({ displayName: e.currentTarget.value })}
          error={fieldMessage('Display name', errors.displayName)}
        />
        <NativeSelect
          label="Role"
          data={roleOptions}
          value={values.role}
          onChange={(e) => set({ role: e.currentTarget.value as Role })}
          error={fieldMessage('Role', errors.role)}
        />
        <SecretInput
          label="Password"
          description="At least 12 characters. The person should change it after signing in."
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => set({ password: e.currentTarget.value })}
          error={fieldMessage('Password', errors.password)}
        />
        <SiteAccessFields
          allSites={values.allSites}
          siteIds={values.siteIds}
          onChange={(access) => set(access)}
          errors={errors}
        />
        <Checkbox
          label="Qualified"
          description="Qualified to sign off work that needs a qualified person (e.g. AEM assessments)"
          checked={values.qualified}
          onChange={(e) => set({ qualified: e.currentTarget.checked })}
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

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <FormModal opened={opened} onClose={onClose} title="New user">
      {opened ? <CreateUserForm onDone={onClose} /> : null}
    </FormModal>
  );
}
