import { useMemo, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import {
  pageOf,
  Device,
  type CustomFieldDefinition,
  type Ownership,
  type ServiceProvider,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { fieldMessage, useFocusFirstError, type FieldErrors } from '../../../lib/forms.ts';
import { lookUpModel, searchModels } from '../catalog/catalog.api.ts';
import { RemoteSelect, type Option } from '../../../components/RemoteSelect.tsx';
import { UdiField } from '../shared/UdiField.tsx';
import { ownershipOptions, serviceProviderOptions } from '../shared/options.ts';
import { siteOptions, useSites } from '../shared/sites.api.ts';
import type { CustomInput, DeviceFormValues, EntryStatus, TextKey } from './deviceForm.ts';

async function searchParents(q: string, selfId: string | undefined): Promise<Option[]> {
  const page = await api.get('/api/v1/devices', pageOf(Device), { q, limit: 20 });
  return page.items
    .filter((d) => d.id !== selfId)
    .map((d) => ({
      value: d.id,
      label: `${d.assetTag} · ${d.model.manufacturer.name} ${d.model.modelNumber}`,
    }));
}

const entryStatuses: { value: EntryStatus; label: string }[] = [
  { value: 'received', label: 'Received (awaiting incoming inspection)' },
  { value: 'in_service', label: 'Already in service' },
  { value: 'inactive', label: 'Inactive / stored' },
];

function CustomFieldInput({
  def,
  value,
  onChange,
  error,
}: {
  def: CustomFieldDefinition;
  value: CustomInput | undefined;
  onChange: (value: CustomInput) => void;
  error: string | undefined;
}) {
  const message = fieldMessage(def.label, error);
  if (def.type === 'boolean') {
    return (
      <Checkbox
        label={def.label}
        checked={value === true}
        onChange={(e) => onChange(e.currentTarget.checked)}
        error={message}
        mt="lg"
      />
    );
  }
  const text = typeof value === 'string' ? value : '';
  if (def.type === 'choice') {
    return (
      <NativeSelect
        label={def.label}
        data={[{ value: '', label: '—' }, ...def.options.map((o) => ({ value: o, label: o }))]}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={message}
        required={def.required}
      />
    );
  }
  return (
    <TextInput
      label={def.label}
      type={def.type === 'date' ? 'date' : 'text'}
      inputMode={def.type === 'number' ? 'decimal' : undefined}
      value={text}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={message}
      required={def.required}
    />
  );
}

interface DeviceFormProps {
  mode: 'create' | 'edit';
  initial: DeviceFormValues;
  /** Labels of the values chosen before (edit): model and parent. */
  initialModel?: Option;
  initialParent?: Option;
  deviceId?: string;
  customFieldDefinitions: readonly CustomFieldDefinition[];
  errors: FieldErrors;
  customErrors: FieldErrors;
  /** A server or network error that is not about one field. */
  alert: ReactNode;
  pending: boolean;
  onSubmit: (values: DeviceFormValues, reason: string) => void;
  onCancel: () => void;
}

export function DeviceForm(props: DeviceFormProps) {
  const { errors, customErrors, mode } = props;
  const formRef = useRef<HTMLFormElement>(null);
  const sites = useSites();
  const [values, setValues] = useState<DeviceFormValues>(props.initial);
  const [reason, setReason] = useState('');
  const set = (patch: Partial<DeviceFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const setCustom = (key: string, value: CustomInput) =>
    setValues((v) => ({ ...v, customFields: { ...v.customFields, [key]: value } }));
  const allErrors = useMemo(() => ({ ...errors, ...customErrors }), [errors, customErrors]);
  useFocusFirstError(formRef, allErrors);

  const text = (key: TextKey, label: string, extra: { description?: string; type?: string } = {}) => (
    <TextInput
      label={label}
      description={extra.description}
      type={extra.type}
      value={values[key]}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
      error={fieldMessage(label, errors[key])}
    />
  );

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    props.onSubmit(values, reason);
  };

  const activeDefinitions = props.customFieldDefinitions.filter(
    (d) => d.active || d.key in values.customFields,
  );

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={mode === 'create' ? 'New device' : 'Edit device'}
    >
      <Stack gap="md">
        {props.alert}
        <Fieldset legend="Identification">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {text('assetTag', 'Asset tag', {
              description:
                mode === 'create' ? "Leave empty to number it from the organization's pattern" : undefined,
            })}
            {text('serialNumber', 'Serial number')}
          </SimpleGrid>
          <Stack gap="sm" mt="sm">
            <RemoteSelect
              label="Model"
              placeholder="Search by manufacturer, model number or name"
              queryKey={['models', 'options', '']}
              search={(q) => searchModels(q)}
              lookup={lookUpModel}
              selected={props.initialModel ?? null}
              value={values.modelId || null}
              onChange={(o) => set({ modelId: o?.value ?? '' })}
              error={fieldMessage('Model', errors.modelId)}
              required
              nothingFound="No model matches. Add it under Models first."
            />
            <UdiField
              value={values.udi}
              onChange={(udi) => set({ udi })}
              error={fieldMessage('UDI', errors.udi)}
              renderExtra={(result) =>
                result.serial && values.serialNumber.trim() === '' ? (
                  <Button
                    size="xs"
                    variant="light"
                    mt="xs"
                    onClick={() => set({ serialNumber: result.serial ?? '' })}
                  >
                    Use serial number {result.serial}
                  </Button>
                ) : null
              }
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Location">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Site"
              placeholder="Choose a site"
              data={siteOptions(sites.data?.items)}
              value={values.siteId || null}
              onChange={(v) => set({ siteId: v ?? '' })}
              searchable
              required
              nothingFoundMessage="No site matches"
              error={fieldMessage('Site', errors.siteId)}
              description={sites.isError ? 'The list of sites could not be loaded.' : undefined}
              comboboxProps={{ withinPortal: true }}
            />
            {text('department', 'Department')}
            {text('building', 'Building')}
            {text('floor', 'Floor')}
            {text('room', 'Room')}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Ownership, service and warranty">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NativeSelect
              label="Ownership"
              data={ownershipOptions}
              value={values.ownership}
              onChange={(e) => set({ ownership: e.currentTarget.value as Ownership })}
              error={fieldMessage('Ownership', errors.ownership)}
            />
            <NativeSelect
              label="Service provider"
              data={serviceProviderOptions}
              value={values.serviceProvider}
              onChange={(e) => set({ serviceProvider: e.currentTarget.value as ServiceProvider })}
              error={fieldMessage('Service provider', errors.serviceProvider)}
            />
            {text('acquisitionDate', 'Acquisition date', { type: 'date' })}
            {text('acquisitionCost', 'Acquisition cost', { description: 'An amount such as 12500.00' })}
            {text('purchaseOrder', 'Purchase order')}
            {text('inServiceDate', 'In-service date', { type: 'date' })}
            {text('warrantyEnd', 'Warranty end', { type: 'date' })}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Software and network">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {text('softwareVersion', 'Software version')}
            {text('firmwareVersion', 'Firmware version')}
          </SimpleGrid>
          <Switch
            my="sm"
            label="Connected to a network"
            checked={values.networkConnected}
            onChange={(e) => set({ networkConnected: e.currentTarget.checked })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {text('macAddress', 'MAC address')}
            {text('ipAddress', 'IP address')}
            {text('hostname', 'Host name')}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="System">
          <RemoteSelect
            label="Part of (parent device)"
            description="For a component of a system, e.g. a module in a monitoring rack"
            placeholder="Search by asset tag or serial number"
            queryKey={['devices', 'parent-options', props.deviceId ?? '']}
            search={(q) => searchParents(q, props.deviceId)}
            selected={props.initialParent ?? null}
            value={values.parentId || null}
            onChange={(o) => set({ parentId: o?.value ?? '' })}
            error={fieldMessage('Parent device', errors.parentId)}
            clearable
          />
        </Fieldset>

        {activeDefinitions.length > 0 ? (
          <Fieldset legend="Custom fields">
            {errors.customFields && Object.keys(customErrors).length === 0 ? (
              <Alert color="red" mb="sm">
                {errors.customFields}
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {activeDefinitions.map((def) => (
                <CustomFieldInput
                  key={def.id}
                  def={def}
                  value={values.customFields[def.key]}
                  onChange={(v) => setCustom(def.key, v)}
                  error={customErrors[def.key]}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        ) : null}

        <Textarea
          label="Notes"
          autosize
          minRows={2}
          value={values.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          error={fieldMessage('Notes', errors.notes)}
        />

        {mode === 'create' ? (
          <NativeSelect
            label="Status on entry"
            description="A new device normally waits for its incoming inspection"
            data={entryStatuses}
            value={values.status}
            onChange={(e) => set({ status: e.currentTarget.value as EntryStatus })}
            error={fieldMessage('Status', errors.status)}
          />
        ) : (
          <TextInput
            label="Reason for the change"
            description="Recorded in the audit trail"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldMessage('Reason', errors.reason)}
          />
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={props.pending}>
            {mode === 'create' ? 'Create device' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
