import { useRef, useState, type SubmitEvent } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import {
  CreateDeviceTypeRequest,
  UpdateDeviceTypeRequest,
  type DeviceType,
} from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { usePermission } from '../../../lib/session.ts';
import { deviceClassLabels, deviceClassOptions } from '../shared/options.ts';
import {
  useCreateDeviceType,
  useDeviceTypeList,
  useUpdateDeviceType,
  type DeviceTypeFilters,
} from './catalog.api.ts';

type DeviceClass = NonNullable<DeviceType['deviceClass']>;

interface TypeValues {
  name: string;
  productCode: string;
  deviceClass: DeviceClass | '';
  lifeSustaining: boolean;
  implant: boolean;
  gmdnCode: string;
  umdnsCode: string;
}

const fields = ['name', 'productCode', 'deviceClass', 'lifeSustaining', 'implant', 'gmdnCode', 'umdnsCode'];

function valuesOf(t: DeviceType | null): TypeValues {
  return {
    name: t?.name ?? '',
    productCode: t?.productCode ?? '',
    deviceClass: t?.deviceClass ?? '',
    lifeSustaining: t?.lifeSustaining ?? false,
    implant: t?.implant ?? false,
    gmdnCode: t?.gmdnCode ?? '',
    umdnsCode: t?.umdnsCode ?? '',
  };
}

function TypeForm({ type, onDone }: { type: DeviceType | null; onDone: () => void }) {
  const create = useCreateDeviceType();
  const update = useUpdateDeviceType(type?.id ?? '');
  const mutation = type ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<TypeValues>(valuesOf(type));
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);
  const set = (patch: Partial<TypeValues>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const body = {
      name: values.name,
      productCode: values.productCode.trim() || null,
      deviceClass: values.deviceClass || null,
      lifeSustaining: values.lifeSustaining,
      implant: values.implant,
      gmdnCode: values.gmdnCode.trim() || null,
      umdnsCode: values.umdnsCode.trim() || null,
    };
    const onError = (error: unknown) => setErrors(serverFieldErrors(error));
    if (type) {
      const parsed = parseForm(UpdateDeviceTypeRequest, { ...body, version: type.version });
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      update.mutate(parsed.data, { onSuccess: onDone, onError });
    } else {
      const parsed = parseForm(CreateDeviceTypeRequest, body);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      create.mutate(parsed.data, { onSuccess: onDone, onError });
    }
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Stack>
        <ErrorAlert error={mutation.error} inlineFields={fields} />
        <TextInput
          label="Name"
          value={values.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={fieldMessage('Name', errors.name)}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Product code"
            description="Your own code; FDA codes come with the FDA list"
            value={values.productCode}
            onChange={(e) => set({ productCode: e.currentTarget.value })}
            error={fieldMessage('Product code', errors.productCode)}
          />
          <NativeSelect
            label="Device class"
            data={[{ value: '', label: '—' }, ...deviceClassOptions]}
            value={values.deviceClass}
            onChange={(e) => set({ deviceClass: e.currentTarget.value as DeviceClass | '' })}
            error={fieldMessage('Device class', errors.deviceClass)}
          />
          <TextInput
            label="GMDN code"
            value={values.gmdnCode}
            onChange={(e) => set({ gmdnCode: e.currentTarget.value })}
            error={fieldMessage('GMDN code', errors.gmdnCode)}
          />
          <TextInput
            label="UMDNS code"
            value={values.umdnsCode}
            onChange={(e) => set({ umdnsCode: e.currentTarget.value })}
            error={fieldMessage('UMDNS code', errors.umdnsCode)}
          />
        </SimpleGrid>
        <Checkbox
          label="Life-sustaining or life-supporting"
          checked={values.lifeSustaining}
          onChange={(e) => set({ lifeSustaining: e.currentTarget.checked })}
        />
        <Checkbox
          label="Implant"
          checked={values.implant}
          onChange={(e) => set({ implant: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {type ? 'Save' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function columns(canManage: boolean, onEdit: (t: DeviceType) => void): Column<DeviceType>[] {
  return [
    { key: 'code', header: 'Product code', render: (t) => t.productCode ?? '—', nowrap: true },
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <div>
          <Text size="sm">{t.name}</Text>
          {t.medicalSpecialty || t.reviewPanel ? (
            <Text size="xs" c="dimmed">
              {t.medicalSpecialty ?? t.reviewPanel}
            </Text>
          ) : null}
        </div>
      ),
    },
    {
      key: 'class',
      header: 'Class',
      render: (t) => (t.deviceClass ? deviceClassLabels[t.deviceClass] : '—'),
      nowrap: true,
    },
    {
      key: 'regulation',
      header: 'Regulation',
      render: (t) => (t.regulationNumber ? `21 CFR ${t.regulationNumber}` : '—'),
      visibleFrom: 'md',
      nowrap: true,
    },
    {
      key: 'flags',
      header: 'Flags',
      visibleFrom: 'sm',
      render: (t) => (
        <Group gap={4}>
          {t.lifeSustaining ? (
            <Badge size="sm" variant="light" color="red">
              Life-sustaining
            </Badge>
          ) : null}
          {t.implant ? (
            <Badge size="sm" variant="light" color="grape">
              Implant
            </Badge>
          ) : null}
          {!t.active ? (
            <Badge size="sm" variant="light" color="gray">
              Inactive
            </Badge>
          ) : null}
        </Group>
      ),
    },
    {
      key: 'source',
      header: 'Source',
      render: (t) =>
        t.source === 'fda' ? (
          <Text size="sm" title={t.datasetEdition ? `FDA edition ${t.datasetEdition}` : undefined}>
            FDA
          </Text>
        ) : (
          'Own'
        ),
    },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (t) =>
        canManage && t.source === 'organization' ? (
          <Button size="xs" variant="default" onClick={() => onEdit(t)} aria-label={`Edit ${t.name}`}>
            Edit
          </Button>
        ) : null,
    },
  ];
}

export function DeviceTypesPage() {
  const canManage = usePermission('catalog.manage');
  const [filters, setFilters] = useState<DeviceTypeFilters>({ q: '', source: '', deviceClass: '' });
  const [debouncedQ] = useDebouncedValue(filters.q.trim(), 300);
  const { items, tableState } = useDeviceTypeList({ ...filters, q: debouncedQ });
  const [editing, setEditing] = useState<DeviceType | 'new' | null>(null);

  return (
    <>
      <PageHeader
        title="Device types"
        description="The FDA product classification, and your organization's own types."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              New device type
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm">
        <TextInput
          label="Search device types"
          placeholder="Product code or name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
          style={{ flex: '1 1 14rem' }}
        />
        <NativeSelect
          label="Source"
          data={[
            { value: '', label: 'All' },
            { value: 'fda', label: 'FDA' },
            { value: 'organization', label: 'Own' },
          ]}
          value={filters.source}
          onChange={(e) =>
            setFilters({ ...filters, source: e.currentTarget.value as DeviceTypeFilters['source'] })
          }
        />
        <NativeSelect
          label="Class"
          data={[{ value: '', label: 'Any class' }, ...deviceClassOptions]}
          value={filters.deviceClass}
          onChange={(e) => setFilters({ ...filters, deviceClass: e.currentTarget.value })}
        />
      </Group>
      <DataTable
        caption="Device types"
        columns={columns(canManage, setEditing)}
        rows={items}
        rowKey={(t) => t.id}
        {...tableState}
        empty={<EmptyNotice title="No device types match" description="Change the search or the filters." />}
      />
      <FormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New device type' : 'Edit device type'}
      >
        {editing !== null ? (
          <TypeForm type={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </FormModal>
    </>
  );
}
