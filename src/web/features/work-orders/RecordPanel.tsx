import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  AddLaborRequest,
  AddPartRequest,
  UpdateWorkOrderRequest,
  failureCauses,
  workOrderFindings,
  type FailureCause,
  type WorkOrderDetail,
  type WorkOrderFinding,
  type WorkOrderTask,
} from '../../../contracts/index.ts';
import { fieldMessage, parseForm, serverFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { failureCauseLabels, findingLabels, formatCalendarDate } from './labels.ts';
import { localToday, type WorkOrderWrite } from './workOrders.api.ts';

export interface RecordDraft {
  tasks: WorkOrderTask[];
  finding: WorkOrderFinding | null;
  failureCause: FailureCause | null;
  resolution: string | null;
}

export function draftOf(wo: WorkOrderDetail): RecordDraft {
  return {
    tasks: wo.tasks.map((t) => ({ ...t })),
    finding: wo.finding,
    failureCause: wo.failureCause,
    resolution: wo.resolution,
  };
}

type Submit = (write: WorkOrderWrite) => Promise<unknown>;

const resultLabels = [
  { value: 'pass', label: 'Pass' },
  { value: 'fail', label: 'Fail' },
  { value: 'na', label: 'N/A' },
];

/** The task checklist, finding, failure cause, resolution and device-down switch; saved with PATCH. */
export function RecordForm({
  workOrder,
  draft,
  setDraft,
  submit,
  pending,
  editable,
}: {
  workOrder: WorkOrderDetail;
  draft: RecordDraft;
  setDraft: (draft: RecordDraft) => void;
  submit: Submit;
  pending: boolean;
  editable: boolean;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const setTask = (index: number, patch: Partial<WorkOrderTask>) =>
    setDraft({ ...draft, tasks: draft.tasks.map((t, i) => (i === index ? { ...t, ...patch } : t)) });

  const save = (extra: { deviceDown?: boolean } = {}) => {
    const parsed = parseForm(UpdateWorkOrderRequest, {
      version: workOrder.version,
      tasks: draft.tasks,
      finding: draft.finding,
      failureCause: draft.failureCause,
      resolution: draft.resolution === '' ? null : draft.resolution,
      ...extra,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    submit({ action: 'update', body: parsed.data }).catch((e: unknown) => setErrors(serverFieldErrors(e)));
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    save();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record the work">
      <Stack gap="sm">
        {draft.tasks.length === 0 ? (
          <Text size="sm" c="dimmed">
            No task list on this work order.
          </Text>
        ) : (
          <Stack gap="xs" role="list" aria-label="Tasks">
            {draft.tasks.map((task, index) => (
              <Stack key={index} gap={4} role="listitem">
                <Text size="sm" fw={500} id={`task-${index}`}>
                  {index + 1}. {task.text}
                </Text>
                <SegmentedControl
                  size="xs"
                  aria-labelledby={`task-${index}`}
                  data={resultLabels}
                  value={task.result ?? ''}
                  onChange={(value) => setTask(index, { result: value as 'pass' | 'fail' | 'na' })}
                  disabled={!editable}
                />
                <TextInput
                  size="xs"
                  placeholder="Reading or note"
                  aria-label={`Note for task ${index + 1}`}
                  value={task.note ?? ''}
                  onChange={(e) => setTask(index, { note: e.currentTarget.value || null })}
                  disabled={!editable}
                />
              </Stack>
            ))}
          </Stack>
        )}
        {errors.tasks ? (
          <Text size="sm" c="red">
            Tasks: {errors.tasks}
          </Text>
        ) : null}
        <NativeSelect
          label="Finding"
          data={[
            { value: '', label: 'Not recorded yet' },
            ...workOrderFindings.map((f) => ({ value: f, label: findingLabels[f] })),
          ]}
          value={draft.finding ?? ''}
          onChange={(e) =>
            setDraft({ ...draft, finding: (e.currentTarget.value || null) as WorkOrderFinding | null })
          }
          disabled={!editable}
          error={fieldMessage('Finding', errors.finding)}
        />
        <NativeSelect
          label="Failure cause"
          data={[
            { value: '', label: 'Not recorded' },
            ...failureCauses.map((f) => ({ value: f, label: failureCauseLabels[f] })),
          ]}
          value={draft.failureCause ?? ''}
          onChange={(e) =>
            setDraft({ ...draft, failureCause: (e.currentTarget.value || null) as FailureCause | null })
          }
          disabled={!editable}
          error={fieldMessage('Failure cause', errors.failureCause)}
        />
        <Textarea
          label="Resolution"
          autosize
          minRows={2}
          value={draft.resolution ?? ''}
          onChange={(e) => setDraft({ ...draft, resolution: e.currentTarget.value })}
          disabled={!editable}
          error={fieldMessage('Resolution', errors.resolution)}
        />
        {editable ? (
          <Group justify="space-between" gap="xs">
            <Button
              variant="default"
              color={workOrder.deviceDown ? 'teal' : 'red'}
              onClick={() => save({ deviceDown: !workOrder.deviceDown })}
              loading={pending}
            >
              {workOrder.deviceDown ? 'Return device to service' : 'Device down (out of service)'}
            </Button>
            <Button type="submit" loading={pending}>
              Save record
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

export function LaborSection({
  workOrder,
  submit,
  pending,
  canAdd,
}: {
  workOrder: WorkOrderDetail;
  submit: Submit;
  pending: boolean;
  canAdd: boolean;
}) {
  const [values, setValues] = useState({ workDate: localToday(), hours: '' as number | string, note: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(AddLaborRequest, {
      version: workOrder.version,
      workDate: values.workDate,
      hours: typeof values.hours === 'number' ? values.hours : undefined,
      note: values.note.trim() === '' ? null : values.note,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    submit({ action: 'labor', body: parsed.data })
      .then(() => setValues((v) => ({ ...v, hours: '', note: '' })))
      .catch((e: unknown) => setErrors(serverFieldErrors(e)));
  };
  return (
    <Stack gap="sm">
      {workOrder.labor.length === 0 ? (
        <Text size="sm" c="dimmed">
          No labor recorded.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="Labor" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Technician</Table.Th>
                <Table.Th>Hours</Table.Th>
                <Table.Th>Note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {workOrder.labor.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{formatCalendarDate(l.workDate)}</Table.Td>
                  <Table.Td>{l.technicianName}</Table.Td>
                  <Table.Td>{l.hours}</Table.Td>
                  <Table.Td>{l.note ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canAdd ? (
        <form onSubmit={onSubmit} noValidate aria-label="Add labor">
          <Group align="flex-end" gap="xs">
            <TextInput
              type="date"
              label="Date"
              value={values.workDate}
              onChange={(e) => setValues((v) => ({ ...v, workDate: e.currentTarget.value }))}
              error={fieldMessage('Date', errors.workDate)}
            />
            <NumberInput
              label="Hours"
              min={0}
              max={24}
              step={0.25}
              decimalScale={2}
              value={values.hours}
              onChange={(hours) => setValues((v) => ({ ...v, hours }))}
              error={fieldMessage('Hours', errors.hours)}
              w={100}
            />
            <TextInput
              label="Note"
              value={values.note}
              onChange={(e) => setValues((v) => ({ ...v, note: e.currentTarget.value }))}
              style={{ flex: '1 1 10rem' }}
            />
            <Button type="submit" variant="default" loading={pending}>
              Add labor
            </Button>
          </Group>
        </form>
      ) : null}
    </Stack>
  );
}

export function PartsSection({
  workOrder,
  submit,
  pending,
  canAdd,
}: {
  workOrder: WorkOrderDetail;
  submit: Submit;
  pending: boolean;
  canAdd: boolean;
}) {
  const empty = { partNumber: '', description: '', quantity: 1 as number | string, unitCost: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(AddPartRequest, {
      version: workOrder.version,
      partNumber: values.partNumber,
      description: values.description.trim() === '' ? null : values.description,
      quantity: typeof values.quantity === 'number' ? values.quantity : undefined,
      unitCost: values.unitCost.trim() === '' ? null : values.unitCost,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    submit({ action: 'parts', body: parsed.data })
      .then(() => setValues(empty))
      .catch((e: unknown) => setErrors(serverFieldErrors(e)));
  };
  return (
    <Stack gap="sm">
      {workOrder.parts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No parts used.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="Parts used" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Part</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Qty</Table.Th>
                <Table.Th>Unit cost</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {workOrder.parts.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.partNumber}</Table.Td>
                  <Table.Td>{p.description ?? ''}</Table.Td>
                  <Table.Td>{p.quantity}</Table.Td>
                  <Table.Td>{p.unitCost ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canAdd ? (
        <form onSubmit={onSubmit} noValidate aria-label="Add part">
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Part number"
              value={values.partNumber}
              onChange={(e) => setValues((v) => ({ ...v, partNumber: e.currentTarget.value }))}
              error={fieldMessage('Part number', errors.partNumber)}
              w={140}
            />
            <TextInput
              label="Description"
              value={values.description}
              onChange={(e) => setValues((v) => ({ ...v, description: e.currentTarget.value }))}
              style={{ flex: '1 1 10rem' }}
            />
            <NumberInput
              label="Quantity"
              min={0}
              value={values.quantity}
              onChange={(quantity) => setValues((v) => ({ ...v, quantity }))}
              error={fieldMessage('Quantity', errors.quantity)}
              w={90}
            />
            <TextInput
              label="Unit cost"
              value={values.unitCost}
              onChange={(e) => setValues((v) => ({ ...v, unitCost: e.currentTarget.value }))}
              error={fieldMessage('Unit cost', errors.unitCost)}
              w={110}
            />
            <Button type="submit" variant="default" loading={pending}>
              Add part
            </Button>
          </Group>
        </form>
      ) : null}
    </Stack>
  );
}

/** Reason is required to hold, cancel or reopen. */
export function ReasonForm({
  label,
  onSubmit,
  onCancel,
  pending,
}: {
  label: string;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  pending: boolean;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') return setError('Reason is required');
        setError(undefined);
        onSubmit(reason.trim());
      }}
    >
      <Stack gap="xs">
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button type="submit" loading={pending}>
            {label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
