import { useRef, useState, type SubmitEvent } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Stack,
  TagsInput,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  CreateManufacturerRequest,
  UpdateManufacturerRequest,
  type Manufacturer,
} from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { usePermission } from '../../../lib/session.ts';
import {
  manufacturersKey,
  useCreateManufacturer,
  useManufacturerList,
  useUpdateManufacturer,
} from './catalog.api.ts';

const fields = ['name', 'aliases', 'website', 'active', 'reason'];

function ManufacturerForm({
  manufacturer,
  onDone,
}: {
  manufacturer: Manufacturer | null;
  onDone: () => void;
}) {
  const create = useCreateManufacturer();
  const update = useUpdateManufacturer(manufacturer?.id ?? '');
  const mutation = manufacturer ? update : create;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(manufacturer?.name ?? '');
  const [aliases, setAliases] = useState<string[]>(manufacturer?.aliases ?? []);
  const [website, setWebsite] = useState(manufacturer?.website ?? '');
  const [active, setActive] = useState(manufacturer?.active ?? true);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const body = { name, aliases, website: website.trim() || null };
    const onError = (error: unknown) => setErrors(serverFieldErrors(error));
    if (manufacturer) {
      const parsed = parseForm(UpdateManufacturerRequest, {
        ...body,
        active,
        version: manufacturer.version,
        reason: reason.trim() || undefined,
      });
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      update.mutate(parsed.data, { onSuccess: onDone, onError });
    } else {
      const parsed = parseForm(CreateManufacturerRequest, body);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      create.mutate(parsed.data, { onSuccess: onDone, onError });
    }
  };

  const conflict = isApiError(mutation.error) && mutation.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack>
        {conflict ? (
          <VersionConflictAlert
            onReload={() => void queryClient.invalidateQueries({ queryKey: manufacturersKey }).then(onDone)}
            reloading={false}
          />
        ) : (
          <ErrorAlert error={mutation.error} inlineFields={fields} />
        )}
        <TextInput
          label="Name"
          description="As the manufacturer writes it, e.g. GE HealthCare"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldMessage('Name', errors.name)}
          data-autofocus
        />
        <TagsInput
          label="Aliases"
          description="Other spellings in recalls, invoices and old records; press Enter after each"
          value={aliases}
          onChange={setAliases}
          error={fieldMessage('Aliases', errors.aliases)}
          clearable
        />
        <TextInput
          label="Website"
          type="url"
          placeholder="https://"
          value={website}
          onChange={(e) => setWebsite(e.currentTarget.value)}
          error={fieldMessage('Website', errors.website)}
        />
        {manufacturer ? (
          <>
            <Checkbox
              label="Active (offered for new models)"
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
            />
            <TextInput
              label="Reason for the change"
              description="Recorded in the audit trail"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldMessage('Reason', errors.reason)}
            />
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {manufacturer ? 'Save' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function columns(canManage: boolean, onEdit: (m: Manufacturer) => void): Column<Manufacturer>[] {
  return [
    {
      key: 'name',
      header: 'Name',
      render: (m) => (
        <div>
          <Text size="sm" fw={500}>
            {m.name}
          </Text>
          {m.website ? (
            <Anchor href={m.website} target="_blank" rel="noopener noreferrer" size="xs">
              {m.website}
            </Anchor>
          ) : null}
        </div>
      ),
    },
    {
      key: 'aliases',
      header: 'Aliases',
      render: (m) =>
        m.aliases.length === 0 ? (
          '—'
        ) : (
          <Group gap={4}>
            {m.aliases.map((a) => (
              <Badge key={a} variant="default" size="sm" tt="none">
                {a}
              </Badge>
            ))}
          </Group>
        ),
    },
    {
      key: 'models',
      header: 'Models',
      visibleFrom: 'sm',
      render: (m) => (
        <Anchor component={Link} to={`/inventory/models?manufacturerId=${m.id}`} size="sm">
          {m.modelCount === undefined ? 'Models' : `${m.modelCount} models`}
        </Anchor>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (m) => (
        <Badge variant="light" color={m.active ? 'teal' : 'gray'}>
          {m.active ? 'Active' : 'Inactive'}
        </Badge>
      ),
    },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (m) =>
        canManage ? (
          <Button size="xs" variant="default" onClick={() => onEdit(m)} aria-label={`Edit ${m.name}`}>
            Edit
          </Button>
        ) : null,
    },
  ];
}

export function ManufacturersPage() {
  const canManage = usePermission('catalog.manage');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const { items, tableState } = useManufacturerList(debouncedQ);
  const [editing, setEditing] = useState<Manufacturer | 'new' | null>(null);

  return (
    <>
      <PageHeader
        title="Manufacturers"
        description="Normalized names and aliases: recalls and vulnerabilities are matched against them."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              New manufacturer
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search manufacturers"
          placeholder="Name or alias"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 14rem' }}
        />
      </Group>
      <DataTable
        caption="Manufacturers"
        columns={columns(canManage, setEditing)}
        rows={items}
        rowKey={(m) => m.id}
        {...tableState}
        empty={
          <EmptyNotice
            title="No manufacturers match"
            description={
              canManage ? 'Add one with "New manufacturer", or change the search.' : 'Change the search.'
            }
          />
        }
      />
      <FormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New manufacturer' : 'Edit manufacturer'}
      >
        {editing !== null ? (
          <ManufacturerForm
            manufacturer={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </FormModal>
    </>
  );
}
