import { useState } from 'react';
import { Alert, Anchor, Center, Loader, Text } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CreateDeviceRequest,
  UpdateDeviceRequest,
  type CustomFieldDefinition,
  type Device,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { parseForm, serverFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { modelLabel } from '../catalog/catalog.api.ts';
import { DeviceForm } from './DeviceForm.tsx';
import {
  createBody,
  customFieldValues,
  deviceTextKeys,
  emptyDeviceValues,
  serverCustomFieldErrors,
  updateBody,
  valuesFromDevice,
  type DeviceFormValues,
} from './deviceForm.ts';
import { useCreateDevice, useCustomFields, useDevice, useUpdateDevice } from './devices.api.ts';

const inlineFields = [
  ...deviceTextKeys,
  'modelId',
  'siteId',
  'parentId',
  'ownership',
  'serviceProvider',
  'status',
  'reason',
  'customFields',
  'networkConnected',
];

function requiredChoices(values: DeviceFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.modelId === '') errors.modelId = 'Choose a model';
  if (values.siteId === '') errors.siteId = 'Choose a site';
  return errors;
}

function Loading({ what }: { what: string }) {
  return (
    <Center py="xl" role="status">
      <Loader size="sm" aria-hidden />
      <Text size="sm" c="dimmed" ml="sm">
        Loading {what}…
      </Text>
    </Center>
  );
}

function useDefinitions() {
  const defs = useCustomFields();
  // Custom fields are optional extras: without their definitions the form still works.
  return { definitions: defs.data?.items ?? ([] as CustomFieldDefinition[]), ready: !defs.isPending };
}

export function NewDevicePage() {
  const navigate = useNavigate();
  const create = useCreateDevice();
  const { definitions, ready } = useDefinitions();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [customErrors, setCustomErrors] = useState<FieldErrors>({});

  const onSubmit = (values: DeviceFormValues) => {
    const custom = customFieldValues(values.customFields, definitions);
    const parsed = parseForm(CreateDeviceRequest, createBody(values, custom.values));
    const choiceErrors = requiredChoices(values);
    if (!parsed.ok || Object.keys(choiceErrors).length > 0 || Object.keys(custom.errors).length > 0) {
      setErrors({ ...(parsed.ok ? {} : parsed.errors), ...choiceErrors });
      setCustomErrors(custom.errors);
      return;
    }
    setErrors({});
    setCustomErrors({});
    create.mutate(parsed.data, {
      onSuccess: (device) => void navigate(`/inventory/devices/${device.id}`),
      onError: (error) => {
        setErrors(serverFieldErrors(error));
        setCustomErrors(serverCustomFieldErrors(error));
      },
    });
  };

  return (
    <>
      <PageHeader title="New device" description="Add a device to the inventory." />
      {ready ? (
        <DeviceForm
          mode="create"
          initial={emptyDeviceValues()}
          customFieldDefinitions={definitions}
          errors={errors}
          customErrors={customErrors}
          alert={<ErrorAlert error={create.error} inlineFields={inlineFields} />}
          pending={create.isPending}
          onSubmit={onSubmit}
          onCancel={() => void navigate('/inventory/devices')}
        />
      ) : (
        <Loading what="the form" />
      )}
    </>
  );
}

function EditDeviceForm({
  device,
  onReload,
  reloading,
}: {
  device: Device;
  onReload: () => void;
  reloading: boolean;
}) {
  const navigate = useNavigate();
  const update = useUpdateDevice(device.id);
  const { definitions } = useDefinitions();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [customErrors, setCustomErrors] = useState<FieldErrors>({});
  const [unchanged, setUnchanged] = useState(false);
  const before = valuesFromDevice(device);

  const onSubmit = (values: DeviceFormValues, reason: string) => {
    const custom = customFieldValues(values.customFields, definitions);
    const customBefore = customFieldValues(before.customFields, definitions).values;
    const customChanged = JSON.stringify(custom.values) !== JSON.stringify(customBefore);
    const diff = updateBody(values, before, custom.values, customChanged);
    if (Object.keys(diff).length === 0) return setUnchanged(true);
    setUnchanged(false);
    const parsed = parseForm(UpdateDeviceRequest, {
      ...diff,
      version: device.version,
      reason: reason.trim() || undefined,
    });
    const choiceErrors = requiredChoices(values);
    if (!parsed.ok || Object.keys(choiceErrors).length > 0 || Object.keys(custom.errors).length > 0) {
      setErrors({ ...(parsed.ok ? {} : parsed.errors), ...choiceErrors });
      setCustomErrors(custom.errors);
      return;
    }
    setErrors({});
    setCustomErrors({});
    update.mutate(parsed.data, {
      onSuccess: () => void navigate(`/inventory/devices/${device.id}`),
      onError: (error) => {
        setErrors(serverFieldErrors(error));
        setCustomErrors(serverCustomFieldErrors(error));
      },
    });
  };

  const conflict = isApiError(update.error) && update.error.code === 'VERSION_CONFLICT';
  return (
    <DeviceForm
      mode="edit"
      initial={before}
      initialModel={{ value: device.model.id, label: modelLabel(device.model) }}
      initialParent={device.parent ? { value: device.parent.id, label: device.parent.assetTag } : undefined}
      deviceId={device.id}
      customFieldDefinitions={definitions}
      errors={errors}
      customErrors={customErrors}
      alert={
        conflict ? (
          <VersionConflictAlert onReload={onReload} reloading={reloading} />
        ) : unchanged ? (
          <Alert color="gray" role="status">
            Nothing has changed yet.
          </Alert>
        ) : (
          <ErrorAlert error={update.error} inlineFields={inlineFields} />
        )
      }
      pending={update.isPending}
      onSubmit={onSubmit}
      onCancel={() => void navigate(`/inventory/devices/${device.id}`)}
    />
  );
}

export function EditDevicePage() {
  const { id = '' } = useParams();
  const device = useDevice(id);
  // The form starts again from the server's latest version only when the person asks to reload.
  const [reloads, setReloads] = useState(0);
  const reload = () => void device.refetch().then(() => setReloads((n) => n + 1));
  return (
    <>
      <PageHeader
        title={device.data ? `Edit ${device.data.assetTag}` : 'Edit device'}
        description={
          device.data ? (
            <Anchor component={Link} to={`/inventory/devices/${id}`} size="sm">
              Back to the device
            </Anchor>
          ) : undefined
        }
      />
      {device.data ? (
        <EditDeviceForm key={reloads} device={device.data} onReload={reload} reloading={device.isFetching} />
      ) : device.error ? (
        <ErrorAlert error={device.error} onRetry={() => void device.refetch()} />
      ) : (
        <Loading what="the device" />
      )}
    </>
  );
}
