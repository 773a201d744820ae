import { useRef, useState, type SubmitEvent } from 'react';
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import {
  planAnchors,
  planBases,
  type MaintenancePlan,
  type PlanAnchor,
  type PlanBasis,
  type PlanTask,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { fieldMessage, serverFieldErrors, useFocusFirstError, type FieldErrors } from '../../../lib/forms.ts';
import { IntervalPicker } from '../shared/IntervalPicker.tsx';
import { todayIsoDate } from '../shared/interval.ts';
import { anchorLabels, anchorSourceLabels, basisLabels } from '../shared/labels.ts';
import {
  maintenanceKey,
  useApprovedAemAssessments,
  useCreatePlan,
  useUpdatePlan,
} from '../maintenance.api.ts';
import { DueWindowPreview } from './DueWindowPreview.tsx';

/** One task per line; existing tasks keep their keys (work orders refer to them). */
export function tasksFromText(textValue: string, existing: readonly PlanTask[]): PlanTask[] {
  const used = new Set<string>();
  const lines = textValue
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.map((line, i) => {
    const same = existing.find((t) => t.text === line && !used.has(t.key));
    let key = same?.key ?? `task-${i + 1}`;
    while (used.has(key) || (!same && existing.some((t) => t.key === key))) key = `${key}-n`;
    used.add(key);
    return { key, text: line };
  });
}

const fields = [
  'name',
  'tasks',
  'procedureReference',
  'interval',
  'anchor',
  'startDate',
  'basis',
  'basisDocument',
  'basisDocumentVersion',
  'aemAssessmentId',
  'basisReference',
  'estimatedHours',
  'shop',
  'reason',
];

interface PlanEditorProps {
  deviceId: string;
  plan: MaintenancePlan | null;
  onDone: () => void;
}

/** Creates or edits a device's maintenance plan, with a live preview of the due window. */
export function PlanEditor({ deviceId, plan, onDone }: PlanEditorProps) {
  const create = useCreatePlan();
  const update = useUpdatePlan(plan?.id ?? '');
  const mutation = plan ? update : create;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(plan?.name ?? '');
  const [tasksText, setTasksText] = useState(plan?.tasks.map((t) => t.text).join('\n') ?? '');
  const [procedureReference, setProcedureReference] = useState(plan?.procedureReference ?? '');
  const [interval, setInterval] = useState(plan?.interval ?? 'P1Y');
  const [anchor, setAnchor] = useState<PlanAnchor>(plan?.anchor ?? 'last_completion');
  const [startDate, setStartDate] = useState(plan?.startDate ?? '');
  const [basis, setBasis] = useState<PlanBasis>(plan?.basis ?? 'manufacturer');
  const [basisDocument, setBasisDocument] = useState(plan?.basisDocument ?? '');
  const [basisDocumentVersion, setBasisDocumentVersion] = useState(plan?.basisDocumentVersion ?? '');
  const [aemAssessmentId, setAemAssessmentId] = useState(plan?.aemAssessmentId ?? '');
  const [basisReference, setBasisReference] = useState(plan?.basisReference ?? '');
  const [estimatedHours, setEstimatedHours] = useState<string | number>(plan?.estimatedHours ?? '');
  const [shop, setShop] = useState(plan?.shop ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);
  const aemOptions = useApprovedAemAssessments(basis === 'aem');

  const anchorDate =
    anchor === 'fixed_calendar'
      ? startDate || todayIsoDate()
      : (plan?.nextDue?.anchorDate ?? (startDate || todayIsoDate()));
  const anchorNote =
    anchor === 'fixed_calendar'
      ? startDate
        ? 'the series start'
        : 'today, as no series start is set'
      : plan?.nextDue
        ? (anchorSourceLabels[plan.nextDue.anchorSource] ?? plan.nextDue.anchorSource)
        : startDate
          ? 'the plan start date'
          : 'today, as nothing has been completed yet';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (name.trim() === '') found.name = 'is required';
    if (interval === '') found.interval = 'Pick an interval';
    if (plan && reason.trim() === '') found.reason = 'is required';
    if (basis === 'aem' && aemAssessmentId === '')
      found.aemAssessmentId = 'Choose the approved AEM assessment';
    if (Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    const content = {
      name: name.trim(),
      tasks: tasksFromText(tasksText, plan?.tasks ?? []),
      procedureReference: procedureReference.trim() || null,
      interval,
      anchor,
      startDate: startDate || null,
      basis,
      basisDocument: basis === 'manufacturer' ? basisDocument.trim() || null : null,
      basisDocumentVersion: basis === 'manufacturer' ? basisDocumentVersion.trim() || null : null,
      aemAssessmentId: basis === 'aem' ? aemAssessmentId : null,
      basisReference: basis === 'regulation' || basis === 'policy' ? basisReference.trim() || null : null,
      estimatedHours: typeof estimatedHours === 'number' ? estimatedHours : null,
      shop: shop.trim() || null,
    };
    const onError = (error: unknown) => setErrors(serverFieldErrors(error));
    if (plan)
      update.mutate(
        { ...content, version: plan.version, reason: reason.trim() },
        { onSuccess: onDone, onError },
      );
    else
      create.mutate(
        { deviceId, ...content, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        { onSuccess: onDone, onError },
      );
  };

  const refused = isApiError(mutation.error) && mutation.error.code === 'AEM_NOT_ALLOWED';
  const conflict = isApiError(mutation.error) && mutation.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={plan ? 'Edit plan' : 'New plan'}>
      <Stack gap="sm">
        {conflict ? (
          <VersionConflictAlert
            onReload={() =>
              void queryClient.invalidateQueries({ queryKey: [...maintenanceKey, 'plans'] }).then(onDone)
            }
            reloading={false}
          />
        ) : (
          <ErrorAlert
            error={mutation.error}
            title={refused ? 'AEM is not allowed for this device' : undefined}
            inlineFields={fields}
          />
        )}
        <TextInput
          label="Plan name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldMessage('Plan name', errors.name)}
          required
        />
        <Textarea
          label="Tasks"
          description="One task per line"
          value={tasksText}
          onChange={(e) => setTasksText(e.currentTarget.value)}
          error={fieldMessage('Tasks', errors.tasks)}
          autosize
          minRows={3}
        />
        <TextInput
          label="Procedure reference"
          description="A procedure document number or title, instead of or besides the tasks"
          value={procedureReference}
          onChange={(e) => setProcedureReference(e.currentTarget.value)}
          error={fieldMessage('Procedure reference', errors.procedureReference)}
        />
        <IntervalPicker
          label="Interval"
          value={interval}
          onChange={setInterval}
          error={fieldMessage('Interval', errors.interval)}
          required
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="plan-anchor-label">
            Anchor
          </Text>
          <SegmentedControl
            aria-labelledby="plan-anchor-label"
            data={planAnchors.map((a) => ({ value: a, label: anchorLabels[a] }))}
            value={anchor}
            onChange={(v) => setAnchor(planAnchors.find((a) => a === v) ?? 'last_completion')}
          />
        </Stack>
        <TextInput
          label={anchor === 'fixed_calendar' ? 'Series start' : 'Start date (when nothing is completed yet)'}
          type="date"
          value={startDate}
          onChange={(e) => setStartDate(e.currentTarget.value)}
          error={fieldMessage('Start date', errors.startDate)}
        />
        <DueWindowPreview
          interval={interval}
          anchor={anchor}
          anchorDate={anchorDate}
          anchorNote={anchorNote}
        />
        <NativeSelect
          label="Basis"
          description="Why these tasks and this interval (in writing: manufacturer or AEM)"
          data={planBases.map((b) => ({ value: b, label: basisLabels[b] }))}
          value={basis}
          onChange={(e) => setBasis(planBases.find((b) => b === e.currentTarget.value) ?? 'manufacturer')}
          error={fieldMessage('Basis', errors.basis)}
        />
        {basis === 'manufacturer' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Manufacturer document"
              description="e.g. the service manual"
              value={basisDocument}
              onChange={(e) => setBasisDocument(e.currentTarget.value)}
              error={fieldMessage('Manufacturer document', errors.basisDocument)}
            />
            <TextInput
              label="Document version"
              value={basisDocumentVersion}
              onChange={(e) => setBasisDocumentVersion(e.currentTarget.value)}
              error={fieldMessage('Document version', errors.basisDocumentVersion)}
            />
          </SimpleGrid>
        ) : null}
        {basis === 'aem' ? (
          <NativeSelect
            label="AEM assessment"
            data={[
              { value: '', label: aemOptions.isPending ? 'Loading…' : 'Choose an approved assessment' },
              ...(aemOptions.data?.items ?? []).map((a) => ({
                value: a.id,
                label: `${a.model ? `${a.model.name} ${a.model.modelNumber}` : (a.deviceType?.name ?? '')} — ${a.aemInterval ?? 'no interval'}`,
              })),
            ]}
            value={aemAssessmentId}
            onChange={(e) => setAemAssessmentId(e.currentTarget.value)}
            error={fieldMessage('AEM assessment', errors.aemAssessmentId)}
          />
        ) : null}
        {basis === 'regulation' || basis === 'policy' ? (
          <TextInput
            label="Reference"
            description='e.g. "NFPA 99-2012 10.5" or "Policy EM-12"'
            value={basisReference}
            onChange={(e) => setBasisReference(e.currentTarget.value)}
            error={fieldMessage('Reference', errors.basisReference)}
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NumberInput
            label="Estimated hours"
            min={0}
            max={1000}
            step={0.25}
            decimalScale={2}
            value={estimatedHours}
            onChange={setEstimatedHours}
            error={fieldMessage('Estimated hours', errors.estimatedHours)}
          />
          <TextInput
            label="Shop"
            value={shop}
            onChange={(e) => setShop(e.currentTarget.value)}
            error={fieldMessage('Shop', errors.shop)}
          />
        </SimpleGrid>
        <TextInput
          label={plan ? 'Reason for the change' : 'Reason (optional)'}
          description="Recorded in the audit trail"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldMessage('Reason', errors.reason)}
          required={plan !== null}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {plan ? 'Save plan' : 'Create plan'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
