import { useRef, useState, type SubmitEvent } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { CreateModelRequest, UpdateModelRequest, type Model } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { usePermission } from '../../../lib/session.ts';
import { DocumentsPanel } from '../shared/DocumentsPanel.tsx';
import { RemoteSelect } from '../../../components/RemoteSelect.tsx';
import {
  deviceTypeLabel,
  lookUpDeviceType,
  lookUpManufacturer,
  modelsKey,
  searchDeviceTypes,
  searchManufacturers,
  useCreateModel,
  useModelList,
  useUpdateModel,
} from './catalog.api.ts';

const fields = [
  'manufacturerId',
  'modelNumber',
  'name',
  'deviceTypeId',
  'deviceIdentifiers',
  'endOfSale',
  'endOfSupport',
  'reason',
];

/** Dates before today are past; end of support near or past means planning a replacement. */
function isPast(date: string | null): boolean {
  return date !== null && date < new Date().toISOString().slice(0, 10);
}

function ModelForm({ model, onDone }: { model: Model | null; onDone: () => void }) {
  const create = useCreateModel();
  const update = useUpdateModel(model?.id ?? '');
  const mutation = model ? update : create;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [manufacturerId, setManufacturerId] = useState(model?.manufacturer.id ?? '');
  const [modelNumber, setModelNumber] = useState(model?.modelNumber ?? '');
  const [name, setName] = useState(model?.name ?? '');
  const [deviceTypeId, setDeviceTypeId] = useState(model?.deviceType?.id ?? '');
  const [identifiers, setIdentifiers] = useState<string[]>(
    model?.identifiers.map((i) => i.deviceIdentifier) ?? [],
  );
  const [endOfSale, setEndOfSale] = useState(model?.endOfSale ?? '');
  const [endOfSupport, setEndOfSupport] = useState(model?.endOfSupport ?? '');
  const [active, setActive] = useState(model?.active ?? true);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (manufacturerId === '') return setErrors({ manufacturerId: 'Choose a manufacturer' });
    const body = {
      manufacturerId,
      modelNumber,
      name,
      deviceTypeId: deviceTypeId || null,
      deviceIdentifiers: identifiers,
      endOfSale: endOfSale || null,
      endOfSupport: endOfSupport || null,
    };
    const onError = (error: unknown) => setErrors(serverFieldErrors(error));
    if (model) {
      const parsed = parseForm(UpdateModelRequest, {
        ...body,
        active,
        version: model.version,
        reason: reason.trim() || undefined,
      });
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      update.mutate(parsed.data, { onSuccess: onDone, onError });
    } else {
      const parsed = parseForm(CreateModelRequest, body);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      create.mutate(parsed.data, { onSuccess: onDone, onError });
    }
  };

  const conflict = isApiError(mutation.error) && mutation.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={model ? 'Edit model' : 'New model'}>
      <Stack>
        {conflict ? (
          <VersionConflictAlert
            onReload={() => void queryClient.invalidateQueries({ queryKey: modelsKey }).then(onDone)}
            reloading={false}
          />
        ) : (
          <ErrorAlert error={mutation.error} inlineFields={fields} />
        )}
        <RemoteSelect
          label="Manufacturer"
          queryKey={['manufacturers', 'options']}
          search={searchManufacturers}
          lookup={lookUpManufacturer}
          selected={model ? { value: model.manufacturer.id, label: model.manufacturer.name } : null}
          value={manufacturerId || null}
          onChange={(o) => setManufacturerId(o?.value ?? '')}
          error={fieldMessage('Manufacturer', errors.manufacturerId)}
          required
          nothingFound="No manufacturer matches. Add it under Manufacturers first."
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Model number"
            value={modelNumber}
            onChange={(e) => setModelNumber(e.currentTarget.value)}
            error={fieldMessage('Model number', errors.modelNumber)}
            required
          />
          <TextInput
            label="Name"
            description="e.g. Alaris infusion pump"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldMessage('Name', errors.name)}
            required
          />
        </SimpleGrid>
        <RemoteSelect
          label="Device type"
          placeholder="Search FDA product code or name"
          queryKey={['device-types', 'options']}
          search={searchDeviceTypes}
          lookup={lookUpDeviceType}
          selected={
            model?.deviceType
              ? { value: model.deviceType.id, label: deviceTypeLabel(model.deviceType) }
              : null
          }
          value={deviceTypeId || null}
          onChange={(o) => setDeviceTypeId(o?.value ?? '')}
          error={fieldMessage('Device type', errors.deviceTypeId)}
          clearable
        />
        <TagsInput
          label="UDI device identifiers (DIs)"
          description="GTIN or HIBCC DI; a scanned full UDI is accepted and its DI kept. Press Enter after each."
          value={identifiers}
          onChange={setIdentifiers}
          error={fieldMessage('Device identifiers', errors.deviceIdentifiers)}
          clearable
          splitChars={[',', ' ']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="End of sale"
            type="date"
            value={endOfSale}
            onChange={(e) => setEndOfSale(e.currentTarget.value)}
            error={fieldMessage('End of sale', errors.endOfSale)}
          />
          <TextInput
            label="End of support"
            type="date"
            value={endOfSupport}
            onChange={(e) => setEndOfSupport(e.currentTarget.value)}
            error={fieldMessage('End of support', errors.endOfSupport)}
          />
        </SimpleGrid>
        {model ? (
          <>
            <Checkbox
              label="Active (offered for new devices)"
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
            {model ? 'Save' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function columns(canManage: boolean, onOpen: (m: Model) => void): Column<Model>[] {
  return [
    {
      key: 'model',
      header: 'Model',
      render: (m) => (
        <div>
          <Text size="sm" fw={500}>
            {m.manufacturer.name} {m.modelNumber}
          </Text>
          <Text size="xs" c="dimmed">
            {m.name}
          </Text>
        </div>
      ),
    },
    {
      key: 'type',
      header: 'Device type',
      visibleFrom: 'sm',
      render: (m) => (m.deviceType ? deviceTypeLabel(m.deviceType) : '—'),
    },
    {
      key: 'dis',
      header: 'UDI-DIs',
      visibleFrom: 'md',
      render: (m) =>
        m.identifiers.length === 0
          ? '—'
          : m.identifiers.map((i) => (
              <Text key={i.deviceIdentifier} size="xs" ff="monospace">
                {i.deviceIdentifier}{' '}
                <Text span c="dimmed" size="xs">
                  {i.issuingAgency}
                </Text>
              </Text>
            )),
    },
    {
      key: 'support',
      header: 'End of support',
      nowrap: true,
      render: (m) =>
        m.endOfSupport ? (
          <Text size="sm" c={isPast(m.endOfSupport) ? 'red' : undefined}>
            {formatDate(`${m.endOfSupport}T12:00:00Z`)}
            {isPast(m.endOfSupport) ? ' (passed)' : ''}
          </Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'devices',
      header: 'Devices',
      visibleFrom: 'sm',
      render: (m) => (m.deviceCount === undefined ? '—' : m.deviceCount),
    },
    {
      key: 'status',
      header: 'Status',
      visibleFrom: 'sm',
      render: (m) => (
        <Badge variant="light" color={m.active ? 'teal' : 'gray'}>
          {m.active ? 'Active' : 'Inactive'}
        </Badge>
      ),
    },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (m) => (
        <Button
          size="xs"
          variant="default"
          onClick={() => onOpen(m)}
          aria-label={`${canManage ? 'Edit' : 'Open'} ${m.manufacturer.name} ${m.modelNumber}`}
        >
          {canManage ? 'Edit' : 'Open'}
        </Button>
      ),
    },
  ];
}

export function ModelsPage() {
  const canManage = usePermission('catalog.manage');
  const [params, setParams] = useSearchParams();
  const manufacturerId = params.get('manufacturerId') ?? '';
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const { items, tableState } = useModelList({ q: debouncedQ, manufacturerId, deviceTypeId: '' });
  const [open, setOpen] = useState<Model | 'new' | null>(null);
  const model = open === 'new' ? null : open;

  return (
    <>
      <PageHeader
        title="Models"
        description="Manufacturers' models with their UDI device identifiers, manuals and end-of-support dates."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
              New model
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm">
        <TextInput
          label="Search models"
          placeholder="Model number, name or DI"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 14rem' }}
        />
        <div style={{ flex: '1 1 14rem' }}>
          <RemoteSelect
            label="Manufacturer"
            placeholder="Any manufacturer"
            queryKey={['manufacturers', 'options']}
            search={searchManufacturers}
            lookup={lookUpManufacturer}
            value={manufacturerId || null}
            onChange={(o) => setParams(o ? { manufacturerId: o.value } : {}, { replace: true })}
            clearable
          />
        </div>
      </Group>
      <DataTable
        caption="Models"
        columns={columns(canManage, setOpen)}
        rows={items}
        rowKey={(m) => m.id}
        {...tableState}
        empty={
          <EmptyNotice
            title="No models match"
            description={canManage ? 'Add one with "New model", or change the search.' : 'Change the search.'}
          />
        }
      />
      <SidePanel
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={model ? `${model.manufacturer.name} ${model.modelNumber}` : 'New model'}
        size="lg"
      >
        {open !== null ? (
          <Stack gap="lg">
            {canManage ? (
              <ModelForm key={model?.id ?? 'new'} model={model} onDone={() => setOpen(null)} />
            ) : model ? (
              <Text size="sm">{model.name}</Text>
            ) : null}
            {model ? (
              <>
                <Divider />
                <section aria-labelledby="model-documents-heading">
                  <Title order={3} size="h5" id="model-documents-heading" mb="xs">
                    Manuals and instructions for use
                  </Title>
                  <DocumentsPanel owner={{ kind: 'models', id: model.id }} canManage={canManage} />
                </section>
              </>
            ) : null}
          </Stack>
        ) : null}
      </SidePanel>
    </>
  );
}
