import { useRef, useState, type SubmitEvent } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import { CreateSiteRequest } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/Overlays.tsx';
import { browserTimeZone } from '../../../lib/format.ts';
import { parseForm, serverFieldErrors, useFocusFirstError, type FieldErrors } from '../../../lib/forms.ts';
import { SiteFields, type SiteValues } from './SiteFields.tsx';
import { useCreateSite } from './sites.api.ts';

const fields = ['name', 'code', 'kind', 'timeZone', 'address'];

function CreateSiteForm({ onDone }: { onDone: () => void }) {
  const create = useCreateSite();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<SiteValues>({
    name: '',
    code: '',
    kind: 'hospital',
    timeZone: browserTimeZone(),
    address: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(CreateSiteRequest, values);
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
        <SiteFields
          values={values}
          onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
          errors={errors}
          codeEditable
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

export function CreateSiteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <FormModal opened={opened} onClose={onClose} title="New site">
      {opened ? <CreateSiteForm onDone={onClose} /> : null}
    </FormModal>
  );
}
