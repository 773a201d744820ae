import { useRef, useState, type SubmitEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { UpdateUserRequest, type Role, type User } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { roleOptions } from '../shared/options.ts';
import { SiteAccessFields } from '../shared/SiteAccessFields.tsx';
import { VersionConflictAlert } from '../shared/VersionConflictAlert.tsx';
import { useUpdateUser } from './users.api.ts';

const fields = ['displayName', 'role', 'allSites', 'siteIds', 'active', 'qualified', 'reason'];

interface EditUserFormProps {
  user: User;
  readOnly: boolean;
  isSelf: boolean;
  onSaved: () => void;
  onReload: () => void;
  reloading: boolean;
}

type EditableUser = Pick<User, 'displayName' | 'role' | 'allSites' | 'siteIds' | 'active' | 'qualified'>;

function changes(user: User, values: EditableUser) {
  const body: Record<string, unknown> = {};
  if (values.displayName !== user.displayName) body.displayName = values.displayName;
  if (values.role !== user.role) body.role = values.role;
  if (values.allSites !== user.allSites) body.allSites = values.allSites;
  if ([...values.siteIds].sort().join() !== [...user.siteIds].sort().join()) body.siteIds = values.siteIds;
  if (values.active !== user.active) body.active = values.active;
  if (values.qualified !== user.qualified) body.qualified = values.qualified;
  return body;
}

export function EditUserForm({ user, readOnly, isSelf, onSaved, onReload, reloading }: EditUserFormProps) {
  const update = useUpdateUser(user.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<EditableUser>({
    displayName: user.displayName,
    role: user.role,
    allSites: user.allSites,
    siteIds: user.siteIds,
    active: user.active,
    qualified: user.qualified,
  });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unchanged, setUnchanged] = useState(false);
  useFocusFirstError(formRef, errors);
  const set = (patch: Partial<EditableUser>) => {
    setUnchanged(false);
    setValues((v) => ({ ...v, ...patch }));
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const diff = changes(user, values);
    if (Object.keys(diff).length === 0) return setUnchanged(true);
    const parsed = parseForm(UpdateUserRequest, {
      ...diff,
      version: user.version,
      reason: reason || undefined,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    update.mutate(parsed.data, {
      onSuccess: onSaved,
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const conflict = isApiError(update.error) && update.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Edit user">
      <Stack>
        {conflict ? (
          <VersionConflictAlert onReload={onReload} reloading={reloading} />
        ) : (
          <ErrorAlert error={update.error} inlineFields={fields} />
        )}
        <TextInput
          label="Display name"
          value={values.displayName}
          onChange={(e) => set({ displayName: e.currentTarget.value })}
          error={fieldMessage('Display name', errors.displayName)}
          disabled={readOnly}
        />
        <NativeSelect
          label="Role"
          data={roleOptions}
          value={values.role}
          onChange={(e) => set({ role: e.currentTarget.value as Role })}
          error={fieldMessage('Role', errors.role)}
          disabled={readOnly}
        />
        {readOnly ? null : (
          <SiteAccessFields
            allSites={values.allSites}
            siteIds={values.siteIds}
            onChange={(access) => set(access)}
            errors={errors}
          />
        )}
        <Checkbox
          label="Active"
          description={isSelf ? 'You cannot deactivate your own account.' : 'Inactive people cannot sign in'}
          checked={values.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
          disabled={readOnly || isSelf}
        />
        <Checkbox
          label="Qualified"
          description="Qualified to sign off work that needs a qualified person"
          checked={values.qualified}
          onChange={(e) => set({ qualified: e.currentTarget.checked })}
          disabled={readOnly}
        />
        {readOnly ? null : (
          <>
            <TextInput
              label="Reason for the change"
              description="Recorded in the audit trail"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldMessage('Reason', errors.reason)}
            />
            {unchanged ? (
              <Alert color="gray" role="status">
                Nothing has changed yet.
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}
