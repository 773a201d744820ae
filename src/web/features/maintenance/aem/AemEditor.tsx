import { useRef, useState, type SubmitEvent } from 'react';
import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { z } from 'zod';
import {
  CreateAemAssessmentRequest,
  UpdateAemAssessmentRequest,
  type AemAssessment,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useFocusFirstError } from '../../../lib/forms.ts';
import { IntervalPicker } from '../shared/IntervalPicker.tsx';
import { RemoteSelect } from '../../../components/RemoteSelect.tsx';
import { searchDeviceTypes, searchModels } from '../shared/targets.ts';
import { useCreateAem, useUpdateAem } from './aem.api.ts';

type Errors = Partial<Record<string, string>>;

/** Issues by their full path ("riskFactors.use", "evidence.failureDataPeriod.from"). */
function pathErrors(schema: z.ZodType, value: unknown): Errors {
  const result = schema.safeParse(value);
  const errors: Errors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) errors[issue.path.map(String).join('.')] ??= issue.message;
  return errors;
}

function serverPathErrors(error: unknown): Errors {
  const errors: Errors = {};
  if (!isApiError(error)) return errors;
  for (const d of error.details) {
    if (d.field) errors[d.field.replace(/^body[./]/, '').replaceAll('/', '.')] ??= d.message;
  }
  return errors;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const riskFactorFields = [
  ['use', 'Use (how and where the equipment is used)'],
  ['consequenceOfFailure', 'Consequence of failure'],
  ['backupAvailable', 'Backup available'],
  ['incidentHistory', 'Incident history'],
  ['maintenanceRequirements', 'Maintenance requirements'],
] as const;
type RiskFactorKey = (typeof riskFactorFields)[number][0];

const msg = (label: string, m: string | undefined) =>
  m === undefined ? undefined : /^[a-z]/.test(m) ? `${label} ${m}` : m;

/**
 * An AEM assessment (TJC EC.02.04.01 EP7 criteria): the manufacturer's tasks and frequency against the alternate
 * ones, the rationale, the risk factors and the evidence. Drafts only; approval is a separate, qualified step.
 */
export function AemEditor({ assessment, onDone }: { assessment: AemAssessment | null; onDone: () => void }) {
  const create = useCreateAem();
  const update = useUpdateAem(assessment?.id ?? '');
  const mutation = assessment ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [scope, setScope] = useState<'model' | 'device_type'>(
    assessment?.deviceType ? 'device_type' : 'model',
  );
  const [targetId, setTargetId] = useState('');
  const [oemTasks, setOemTasks] = useState(assessment?.oemTasks.join('\n') ?? '');
  const [oemInterval, setOemInterval] = useState(assessment?.oemInterval ?? 'P6M');
  const [aemTasks, setAemTasks] = useState(assessment?.aemTasks.join('\n') ?? '');
  const [aemInterval, setAemInterval] = useState(assessment?.aemInterval ?? 'P1Y');
  const [rationale, setRationale] = useState(assessment?.rationale ?? '');
  const [riskFactors, setRiskFactors] = useState<Record<RiskFactorKey, string>>(
    assessment?.riskFactors ?? {
      use: '',
      consequenceOfFailure: '',
      backupAvailable: '',
      incidentHistory: '',
      maintenanceRequirements: '',
    },
  );
  const e0 = assessment?.evidence;
  const [from, setFrom] = useState(e0?.failureDataPeriod.from ?? '');
  const [to, setTo] = useState(e0?.failureDataPeriod.to ?? '');
  const [unitsObserved, setUnitsObserved] = useState<string | number>(e0?.unitsObserved ?? '');
  const [pmFindings, setPmFindings] = useState<string | number>(e0?.pmFindings ?? '');
  const [pmPreventable, setPmPreventable] = useState<string | number>(e0?.pmPreventableFailures ?? '');
  const [note, setNote] = useState(e0?.note ?? '');
  const [errors, setErrors] = useState<Errors>({});
  useFocusFirstError(formRef, errors);

  const num = (v: string | number) => (typeof v === 'number' ? v : undefined);
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const content = {
      oemTasks: lines(oemTasks),
      oemInterval: oemInterval || null,
      aemTasks: lines(aemTasks),
      aemInterval: aemInterval || null,
      rationale,
      riskFactors,
      evidence: {
        failureDataPeriod: { from, to },
        unitsObserved: num(unitsObserved),
        pmFindings: num(pmFindings),
        pmPreventableFailures: num(pmPreventable),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    };
    const onError = (error: unknown) => setErrors(serverPathErrors(error));
    if (assessment) {
      const body = { ...content, version: assessment.version };
      const found = pathErrors(UpdateAemAssessmentRequest, body);
      setErrors(found);
      if (Object.keys(found).length > 0) return;
      update.mutate(UpdateAemAssessmentRequest.parse(body), { onSuccess: onDone, onError });
    } else {
      const body = {
        ...content,
        ...(targetId === '' ? {} : scope === 'model' ? { modelId: targetId } : { deviceTypeId: targetId }),
      };
      const found = pathErrors(CreateAemAssessmentRequest, body);
      if (targetId === '') found.modelId = `Choose the ${scope === 'model' ? 'model' : 'device type'}`;
      setErrors(found);
      if (Object.keys(found).length > 0) return;
      create.mutate(CreateAemAssessmentRequest.parse(body), { onSuccess: onDone, onError });
    }
  };

  const inline = Object.keys(errors);
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={assessment ? 'Edit AEM assessment' : 'New AEM assessment'}
    >
      <Stack gap="sm">
        <ErrorAlert
          error={mutation.error}
          title={
            isApiError(mutation.error) && mutation.error.code === 'AEM_NOT_ALLOWED'
              ? 'AEM is not allowed here'
              : undefined
          }
          inlineFields={inline}
        />
        {assessment ? (
          <Text size="sm">
            For{' '}
            <strong>
              {assessment.model
                ? `model ${assessment.model.name} ${assessment.model.modelNumber}`
                : `device type ${assessment.deviceType?.name ?? ''}`}
            </strong>
          </Text>
        ) : (
          <>
            <SegmentedControl
              aria-label="Assessment for"
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
              queryKey={['maintenance', 'targets', scope]}
              search={scope === 'model' ? searchModels : searchDeviceTypes}
              value={targetId || null}
              onChange={(o) => setTargetId(o?.value ?? '')}
              error={errors.modelId ?? errors.deviceTypeId}
              required
            />
          </>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap="xs">
            <Title order={3} size="h6">
              Manufacturer (OEM)
            </Title>
            <Textarea
              label="OEM tasks"
              description="One per line"
              value={oemTasks}
              onChange={(e) => setOemTasks(e.currentTarget.value)}
              autosize
              minRows={3}
              error={errors.oemTasks}
            />
            <IntervalPicker
              label="OEM interval"
              value={oemInterval}
              onChange={setOemInterval}
              error={errors.oemInterval}
            />
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h6">
              Alternate (AEM)
            </Title>
            <Textarea
              label="AEM tasks"
              description="One per line"
              value={aemTasks}
              onChange={(e) => setAemTasks(e.currentTarget.value)}
              autosize
              minRows={3}
              error={errors.aemTasks}
            />
            <IntervalPicker
              label="AEM interval"
              value={aemInterval}
              onChange={setAemInterval}
              error={errors.aemInterval}
            />
          </Stack>
        </SimpleGrid>
        <Textarea
          label="Rationale"
          value={rationale}
          onChange={(e) => setRationale(e.currentTarget.value)}
          autosize
          minRows={2}
          error={msg('Rationale', errors.rationale)}
          required
        />
        <Title order={3} size="h6">
          Risk factors
        </Title>
        {riskFactorFields.map(([key, label]) => (
          <Textarea
            key={key}
            label={label}
            value={riskFactors[key]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setRiskFactors((prev) => ({ ...prev, [key]: value }));
            }}
            autosize
            minRows={1}
            error={msg(label, errors[`riskFactors.${key}`])}
            required
          />
        ))}
        <Title order={3} size="h6">
          Evidence
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Failure data from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={msg('Failure data from', errors['evidence.failureDataPeriod.from'])}
            required
          />
          <TextInput
            label="Failure data to"
            type="date"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={msg('Failure data to', errors['evidence.failureDataPeriod.to'])}
            required
          />
          <NumberInput
            label="Units observed"
            min={0}
            allowDecimal={false}
            value={unitsObserved}
            onChange={setUnitsObserved}
            error={msg('Units observed', errors['evidence.unitsObserved'])}
            required
          />
          <NumberInput
            label="PM findings"
            min={0}
            allowDecimal={false}
            value={pmFindings}
            onChange={setPmFindings}
            error={msg('PM findings', errors['evidence.pmFindings'])}
            required
          />
          <NumberInput
            label="PM-preventable failures"
            min={0}
            allowDecimal={false}
            value={pmPreventable}
            onChange={setPmPreventable}
            error={msg('PM-preventable failures', errors['evidence.pmPreventableFailures'])}
            required
          />
        </SimpleGrid>
        <Textarea
          label="Evidence note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {assessment ? 'Save draft' : 'Create draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
