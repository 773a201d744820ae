import { useRef, useState, type SubmitEvent } from 'react';
import {
  Anchor,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CreateWorkOrderRequest, Device, workOrderPriorities } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../lib/forms.ts';
import { useSignedInMe } from '../../lib/session.ts';
import { priorityLabels } from './labels.ts';
import { useCreateWorkOrder } from './workOrders.api.ts';

function useDeviceSummary(id: string) {
  return useQuery({
    queryKey: ['devices', 'one', id],
    queryFn: () => api.get(`/api/v1/devices/${encodeURIComponent(id)}`, Device),
    enabled: id !== '',
  });
}

/**
 * A corrective request for one device. The form holds one Idempotency-Key for its whole life: a double click,
 * or a retry after a lost answer, makes one work order.
 */
export function RequestRepairPage() {
  const [params] = useSearchParams();
  const deviceId = params.get('deviceId') ?? '';
  const device = useDeviceSummary(deviceId);
  const me = useSignedInMe();
  const navigate = useNavigate();
  const create = useCreateWorkOrder();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({
    problem: '',
    priority: 'routine',
    requesterName: me.user.displayName,
    requesterContact: '',
    deviceDown: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const problem = values.problem.trim();
    const firstLine = problem.split('\n')[0] ?? '';
    const parsed = parseForm(CreateWorkOrderRequest, {
      deviceId,
      kind: 'corrective',
      priority: values.priority,
      title: firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine,
      problem: problem === '' ? null : problem,
      requesterName: values.requesterName.trim() || null,
      requesterContact: values.requesterContact.trim() || null,
      deviceDown: values.deviceDown,
    });
    if (!parsed.ok) {
      const { title, ...rest } = parsed.errors;
      return setErrors(title && !rest.problem ? { ...rest, problem: 'is required' } : rest);
    }
    setErrors({});
    create.mutate(
      { body: parsed.data, idempotencyKey },
      {
        onSuccess: (wo) => void navigate(`/work-orders/${wo.id}`),
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  };

  if (deviceId === '') {
    return (
      <>
        <PageHeader title="Request repair" />
        <Text>
          Open the device first, then choose “Request repair”.{' '}
          <Anchor component={Link} to="/inventory/devices">
            Find a device
          </Anchor>
        </Text>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Request repair"
        description={
          device.data
            ? `${device.data.assetTag} · ${device.data.model.manufacturer.name} ${device.data.model.modelNumber} · ${device.data.site.name}`
            : undefined
        }
      />
      {device.error ? <ErrorAlert error={device.error} /> : null}
      {!device.data && !device.error ? (
        <Center py="md" role="status">
          <Loader size="sm" aria-hidden />
        </Center>
      ) : null}
      <Paper withBorder radius="md" p="md" maw={640}>
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Request repair">
          <Stack gap="sm">
            <ErrorAlert
              error={create.error}
              inlineFields={['problem', 'priority', 'requesterName', 'requesterContact']}
            />
            <Textarea
              label="Problem"
              description="What is wrong? The first line becomes the work order's title."
              autosize
              minRows={3}
              value={values.problem}
              onChange={(e) => set({ problem: e.currentTarget.value })}
              error={fieldMessage('Problem', errors.problem)}
              data-autofocus
            />
            <NativeSelect
              label="Priority"
              data={workOrderPriorities.map((p) => ({ value: p, label: priorityLabels[p] }))}
              value={values.priority}
              onChange={(e) => set({ priority: e.currentTarget.value })}
              error={fieldMessage('Priority', errors.priority)}
            />
            <TextInput
              label="Requester"
              value={values.requesterName}
              onChange={(e) => set({ requesterName: e.currentTarget.value })}
              error={fieldMessage('Requester', errors.requesterName)}
            />
            <TextInput
              label="Contact (phone or extension)"
              value={values.requesterContact}
              onChange={(e) => set({ requesterContact: e.currentTarget.value })}
              error={fieldMessage('Contact', errors.requesterContact)}
            />
            <Checkbox
              label="The device is down (take it out of service now)"
              checked={values.deviceDown}
              onChange={(e) => set({ deviceDown: e.currentTarget.checked })}
            />
            <Group justify="flex-end">
              <Button component={Link} to={`/inventory/devices/${deviceId}`} variant="default">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Send request
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
