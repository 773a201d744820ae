import { useRef, useState, type SubmitEvent } from 'react';
import { Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import {
  ChangeDeviceStatusRequest,
  deviceStatusLabels,
  type Device,
  type DeviceStatus,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../../lib/forms.ts';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { useChangeStatus } from './devices.api.ts';

interface ChangeStatusFormProps {
  device: Device;
  /** The statuses the lifecycle allows from the current one. */
  next: readonly DeviceStatus[];
  onReload: () => void;
  reloading: boolean;
}

export function ChangeStatusForm({ device, next, onReload, reloading }: ChangeStatusFormProps) {
  const change = useChangeStatus(device.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState<DeviceStatus | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  if (next.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {deviceStatusLabels[device.status]} is final: no further status change is possible.
      </Text>
    );
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(ChangeDeviceStatusRequest, { version: device.version, status, reason });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    change.mutate(parsed.data, {
      onSuccess: () => {
        setStatus('');
        setReason('');
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const conflict = isApiError(change.error) && change.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Change status">
      <Stack gap="sm">
        {conflict ? (
          <VersionConflictAlert onReload={onReload} reloading={reloading} />
        ) : (
          <ErrorAlert error={change.error} inlineFields={['status', 'reason']} />
        )}
        <NativeSelect
          label="New status"
          data={[
            { value: '', label: 'Choose…' },
            ...next.map((s) => ({ value: s, label: deviceStatusLabels[s] })),
          ]}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as DeviceStatus | '')}
          error={fieldMessage('New status', errors.status)}
        />
        <Textarea
          label="Reason"
          description="Recorded in the device's history"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldMessage('Reason', errors.reason)}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Change status
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
