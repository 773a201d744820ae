import { useRef, useState, type SubmitEvent } from 'react';
import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { MaintenancePlan } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { fieldMessage, serverFieldErrors, useFocusFirstError, type FieldErrors } from '../../../lib/forms.ts';
import { todayIsoDate } from '../shared/interval.ts';
import { anchorSourceLabels } from '../shared/labels.ts';
import {
  checkPlanContent,
  initialPlanContent,
  planContentBody,
  planContentFields,
  PlanContentFields,
  type PlanContentValues,
} from '../shared/PlanContentFields.tsx';
import { maintenanceKey, useCreatePlan, useTechnicians, useUpdatePlan } from '../maintenance.api.ts';
import { DueWindowPreview } from './DueWindowPreview.tsx';

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
  const [values, setValues] = useState<PlanContentValues>(() => initialPlanContent(plan));
  const [startDate, setStartDate] = useState(plan?.startDate ?? '');
  const [assigneeId, setAssigneeId] = useState(plan?.defaultAssigneeId ?? '');
  const people = useTechnicians(true);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  useFocusFirstError(formRef, errors);

  const fixed = values.anchor === 'fixed_calendar';
  const anchorDate = fixed
    ? startDate || todayIsoDate()
    : (plan?.nextDue?.anchorDate ?? (startDate || todayIsoDate()));
  const anchorNote = fixed
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
    const found = checkPlanContent(values);
    if (plan && reason.trim() === '') found.reason = 'is required';
    if (Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    const content = {
      ...planContentBody(values, plan?.tasks ?? []),
      startDate: startDate || null,
      ...(people.data ? { defaultAssigneeId: assigneeId || null } : {}),
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
            inlineFields={[...planContentFields, 'startDate', 'defaultAssigneeId', 'reason']}
          />
        )}
        <PlanContentFields
          values={values}
          onChange={(next) => setValues((prev) => ({ ...prev, ...next }))}
          errors={errors}
          afterAnchor={
            <>
              <TextInput
                label={fixed ? 'Series start' : 'Start date (when nothing is completed yet)'}
                type="date"
                value={startDate}
                onChange={(e) => setStartDate(e.currentTarget.value)}
                error={fieldMessage('Start date', errors.startDate)}
              />
              {people.data ? (
                <NativeSelect
                  label="Default technician"
                  description="Scheduled work from this plan is assigned to this person"
                  data={[
                    { value: '', label: 'Nobody (assign later)' },
                    ...people.data.items.map((u) => ({ value: u.id, label: u.displayName })),
                  ]}
                  value={assigneeId}
                  onChange={(e) => setAssigneeId(e.currentTarget.value)}
                  error={fieldMessage('Default technician', errors.defaultAssigneeId)}
                />
              ) : null}
              <DueWindowPreview
                interval={values.interval}
                anchor={values.anchor}
                anchorDate={anchorDate}
                anchorNote={anchorNote}
              />
            </>
          }
        />
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
