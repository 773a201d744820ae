import { useRef, useState, type SubmitEvent } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconWand } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { PlanTemplate } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { fieldMessage, serverFieldErrors, useFocusFirstError, type FieldErrors } from '../../../lib/forms.ts';
import { usePermission } from '../../../lib/session.ts';
import { describeInterval } from '../shared/interval.ts';
import { anchorLabels, basisLabels } from '../shared/labels.ts';
import {
  checkPlanContent,
  initialPlanContent,
  planContentBody,
  planContentFields,
  PlanContentFields,
  type PlanContentValues,
} from '../shared/PlanContentFields.tsx';
import { RemoteSelect } from '../../../components/RemoteSelect.tsx';
import { searchDeviceTypes, searchModels } from '../shared/targets.ts';
import {
  templatesKey,
  useApplyDefaults,
  useCreateTemplate,
  usePlanTemplates,
  useRetireTemplate,
  useUpdateTemplate,
} from './templates.api.ts';

function targetOf(t: PlanTemplate): string {
  return t.model ? `${t.model.name} ${t.model.modelNumber}` : (t.deviceType?.name ?? '—');
}

function TemplateForm({ template, onDone }: { template: PlanTemplate | null; onDone: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate(template?.id ?? '');
  const mutation = template ? update : create;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [scope, setScope] = useState<'model' | 'device_type'>('model');
  const [targetId, setTargetId] = useState('');
  const [values, setValues] = useState<PlanContentValues>(() => initialPlanContent(template));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = checkPlanContent(values);
    if (!template && targetId === '')
      found.target = `Choose the ${scope === 'model' ? 'model' : 'device type'}`;
    if (template && reason.trim() === '') found.reason = 'is required';
    if (Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    const content = planContentBody(values, template?.tasks ?? []);
    const onError = (error: unknown) => setErrors(serverFieldErrors(error));
    if (template)
      update.mutate(
        { ...content, version: template.version, reason: reason.trim() },
        { onSuccess: onDone, onError },
      );
    else
      create.mutate(
        { ...content, ...(scope === 'model' ? { modelId: targetId } : { deviceTypeId: targetId }) },
        { onSuccess: onDone, onError },
      );
  };

  const conflict = isApiError(mutation.error) && mutation.error.code === 'VERSION_CONFLICT';
  const refused = isApiError(mutation.error) && mutation.error.code === 'AEM_NOT_ALLOWED';
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={template ? 'Edit template' : 'New template'}
    >
      <Stack gap="sm">
        {conflict ? (
          <VersionConflictAlert
            onReload={() => void queryClient.invalidateQueries({ queryKey: templatesKey }).then(onDone)}
            reloading={false}
          />
        ) : (
          <ErrorAlert
            error={mutation.error}
            title={refused ? 'AEM is not allowed here' : undefined}
            inlineFields={[...planContentFields, 'reason']}
          />
        )}
        {template ? (
          <Text size="sm">
            For <strong>{targetOf(template)}</strong> ({template.model ? 'model' : 'device type'})
          </Text>
        ) : (
          <>
            <SegmentedControl
              aria-label="Template for"
              data={[
                { value: 'model', label: 'A model' },
                { value: 'device_type', label: 'A device type' },
              ]}
              value={scope}
              onChange={(v) => {
                setScope(v === 'device_type' ? 'device_type' : 'model');
                setTargetId('');
              }}
            />
            <RemoteSelect
              key={scope}
              label={scope === 'model' ? 'Model' : 'Device type'}
              description="A model's template wins over its device type's."
              queryKey={['maintenance', 'targets', scope]}
              search={scope === 'model' ? searchModels : searchDeviceTypes}
              value={targetId || null}
              onChange={(o) => setTargetId(o?.value ?? '')}
              error={errors.target ?? errors.modelId ?? errors.deviceTypeId}
              required
            />
          </>
        )}
        <PlanContentFields
          values={values}
          onChange={(next) => setValues((prev) => ({ ...prev, ...next }))}
          errors={errors}
        />
        {template ? (
          <TextInput
            label="Reason for the change"
            description="Recorded in the audit trail"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldMessage('Reason', errors.reason)}
            required
          />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {template ? 'Save template' : 'Create template'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RetireTemplate({ template, onDone }: { template: PlanTemplate; onDone: () => void }) {
  const retire = useRetireTemplate(template.id);
  const [reason, setReason] = useState('');
  return (
    <Stack gap="xs">
      <ErrorAlert error={retire.error} />
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Reason to retire"
          description="Plans already made from it stay as they are"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          style={{ flex: '1 1 14rem' }}
        />
        <Button
          color="red"
          variant="light"
          disabled={reason.trim() === ''}
          loading={retire.isPending}
          onClick={() =>
            retire.mutate({ version: template.version, reason: reason.trim() }, { onSuccess: onDone })
          }
        >
          Retire template
        </Button>
      </Group>
    </Stack>
  );
}

function ApplyDefaults() {
  const apply = useApplyDefaults();
  const r = apply.data;
  return (
    <Stack gap={4} align="flex-end">
      <Button
        variant="default"
        leftSection={<IconWand size={16} aria-hidden />}
        loading={apply.isPending}
        onClick={() => apply.mutate()}
      >
        Give devices their default plans
      </Button>
      {r ? (
        <Text size="xs" role="status">
          {r.plansCreated} plans created for {r.devicesConsidered} devices; {r.alreadyPlanned} already
          planned, {r.devicesWithoutTemplate} without a template.
        </Text>
      ) : null}
      {apply.error ? <ErrorAlert error={apply.error} /> : null}
    </Stack>
  );
}

const columns = (canManage: boolean, onOpen: (t: PlanTemplate) => void): Column<PlanTemplate>[] => [
  {
    key: 'for',
    header: 'For',
    render: (t) => (
      <div>
        <Text size="sm" fw={500}>
          {targetOf(t)}
        </Text>
        <Text size="xs" c="dimmed">
          {t.model ? 'Model' : 'Device type'}
        </Text>
      </div>
    ),
  },
  { key: 'name', header: 'Template', render: (t) => t.name },
  {
    key: 'interval',
    header: 'Interval',
    render: (t) => (
      <div>
        <Text size="sm">{describeInterval(t.interval)}</Text>
        <Text size="xs" c="dimmed">
          {anchorLabels[t.anchor]}
        </Text>
      </div>
    ),
  },
  { key: 'basis', header: 'Basis', visibleFrom: 'sm', render: (t) => basisLabels[t.basis] },
  {
    key: 'hours',
    header: 'Hours · shop',
    visibleFrom: 'md',
    render: (t) => `${t.estimatedHours ?? '—'} · ${t.shop ?? '—'}`,
  },
  {
    key: 'status',
    header: 'Status',
    visibleFrom: 'sm',
    render: (t) => (
      <Badge variant="light" color={t.active ? 'teal' : 'gray'}>
        {t.active ? 'Active' : 'Retired'}
      </Badge>
    ),
  },
  {
    key: 'open',
    header: <VisuallyHidden>Actions</VisuallyHidden>,
    render: (t) => (
      <Button
        size="xs"
        variant="default"
        onClick={() => onOpen(t)}
        aria-label={`${canManage ? 'Edit' : 'Open'} ${t.name}`}
      >
        {canManage ? 'Edit' : 'Open'}
      </Button>
    ),
  },
];

/** Plan templates per model or device type: the default plans devices get. */
export function TemplatesPage() {
  const canManage = usePermission('maintenance.manage');
  const [includeRetired, setIncludeRetired] = useState(false);
  const { items, tableState } = usePlanTemplates(includeRetired);
  const [open, setOpen] = useState<PlanTemplate | 'new' | null>(null);
  const template = open === 'new' ? null : open;
  return (
    <>
      <PageHeader
        title="Plan templates"
        description="The default maintenance plan of each model or device type: tasks, interval, anchor and basis. A device gets the template of its model, else of its device type."
        actions={
          canManage ? (
            <>
              <ApplyDefaults />
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
                New template
              </Button>
            </>
          ) : null
        }
      />
      <Checkbox
        mb="md"
        label="Show retired templates"
        checked={includeRetired}
        onChange={(e) => setIncludeRetired(e.currentTarget.checked)}
      />
      <DataTable
        caption="Plan templates"
        columns={columns(canManage, setOpen)}
        rows={items}
        rowKey={(t) => t.id}
        {...tableState}
        empty={<EmptyNotice title="No plan template" description="Add one for a model or a device type." />}
      />
      <SidePanel
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={template ? template.name : 'New plan template'}
        size="lg"
      >
        {open !== null ? (
          canManage && (template === null || template.active) ? (
            <Stack gap="lg">
              <TemplateForm key={template?.id ?? 'new'} template={template} onDone={() => setOpen(null)} />
              {template ? (
                <>
                  <Divider />
                  <RetireTemplate template={template} onDone={() => setOpen(null)} />
                </>
              ) : null}
            </Stack>
          ) : template ? (
            <Stack gap="xs">
              <Text size="sm">{describeInterval(template.interval)}</Text>
              {template.tasks.map((t) => (
                <Text key={t.key} size="sm">
                  • {t.text}
                </Text>
              ))}
            </Stack>
          ) : null
        ) : null}
      </SidePanel>
    </>
  );
}
