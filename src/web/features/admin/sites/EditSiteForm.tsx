import { useRef, useState, type SubmitEvent } from 'react';
import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { UpdateSiteRequest, type Site } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { VersionConflictAlert } from '../shared/VersionConflictAlert.tsx';
import { SiteFields, type SiteValues } from './SiteFields.tsx';
import { useUpdateSite } from './sites.api.ts';

const fields = ['name', 'kind', 'timeZone', 'address', 'reason'];

interface EditSiteFormProps {
  site: Site;
  onSaved: () => void;
  onReload: () => void;
  reloading: boolean;
}

export function EditSiteForm({ site, onSaved, onReload, reloading }: EditSiteFormProps) {
  const update = useUpdateSite(site.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<SiteValues>({ ...site });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unchanged, setUnchanged] = useState(false);
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const diff: Record<string, string> = {};
    for (const key of ['name', 'kind', 'timeZone', 'address'] as const) {
      if (values[key] !== site[key]) diff[key] = values[key];
    }
    if (Object.keys(diff).length === 0) return setUnchanged(true);
    const parsed = parseForm(UpdateSiteRequest, {
      ...diff,
      version: site.version,
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
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Edit site">
      <Stack>
        {conflict ? (
          <VersionConflictAlert onReload={onReload} reloading={reloading} />
        ) : (
          <ErrorAlert error={update.error} inlineFields={fields} />
        )}
        <SiteFields
          values={values}
          onChange={(patch) => {
            setUnchanged(false);
            setValues((v) => ({ ...v, ...patch }));
          }}
          errors={errors}
          codeEditable={false}
        />
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
      </Stack>
    </form>
  );
}
