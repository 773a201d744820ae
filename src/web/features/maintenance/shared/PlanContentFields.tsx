import type { ReactNode } from 'react';
import {
  NativeSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  planAnchors,
  planBases,
  type PlanAnchor,
  type PlanBasis,
  type PlanTask,
} from '../../../../contracts/index.ts';
import { fieldMessage, type FieldErrors } from '../../../lib/forms.ts';
import { useApprovedAemAssessments } from '../maintenance.api.ts';
import { IntervalPicker } from './IntervalPicker.tsx';
import { anchorLabels, basisLabels } from './labels.ts';

/** What a plan and a plan template both say: tasks, interval, anchor, basis, hours, shop. */
export interface PlanContentValues {
  name: string;
  tasksText: string;
  procedureReference: string;
  interval: string;
  anchor: PlanAnchor;
  basis: PlanBasis;
  basisDocument: string;
  basisDocumentVersion: string;
  aemAssessmentId: string;
  basisReference: string;
  estimatedHours: string | number;
  shop: string;
}

interface PlanContentSource {
  name: string;
  tasks: readonly PlanTask[];
  procedureReference: string | null;
  interval: string | null;
  anchor: PlanAnchor;
  basis: PlanBasis;
  basisDocument: string | null;
  basisDocumentVersion: string | null;
  aemAssessmentId: string | null;
  basisReference: string | null;
  estimatedHours: number | null;
  shop: string | null;
}

export function initialPlanContent(source: PlanContentSource | null): PlanContentValues {
  return {
    name: source?.name ?? '',
    tasksText: source?.tasks.map((t) => t.text).join('\n') ?? '',
    procedureReference: source?.procedureReference ?? '',
    interval: source?.interval ?? 'P1Y',
    anchor: source?.anchor ?? 'last_completion',
    basis: source?.basis ?? 'manufacturer',
    basisDocument: source?.basisDocument ?? '',
    basisDocumentVersion: source?.basisDocumentVersion ?? '',
    aemAssessmentId: source?.aemAssessmentId ?? '',
    basisReference: source?.basisReference ?? '',
    estimatedHours: source?.estimatedHours ?? '',
    shop: source?.shop ?? '',
  };
}

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

/** Problems the form can name before anything is sent. */
export function checkPlanContent(v: PlanContentValues): FieldErrors {
  const found: FieldErrors = {};
  if (v.name.trim() === '') found.name = 'is required';
  if (v.interval === '') found.interval = 'Pick an interval';
  if (v.basis === 'aem' && v.aemAssessmentId === '')
    found.aemAssessmentId = 'Choose the approved AEM assessment';
  return found;
}

/** The request fields of the content; basis fields that do not belong to the chosen basis are cleared. */
export function planContentBody(v: PlanContentValues, existingTasks: readonly PlanTask[]) {
  return {
    name: v.name.trim(),
    tasks: tasksFromText(v.tasksText, existingTasks),
    procedureReference: v.procedureReference.trim() || null,
    interval: v.interval,
    anchor: v.anchor,
    basis: v.basis,
    basisDocument: v.basis === 'manufacturer' ? v.basisDocument.trim() || null : null,
    basisDocumentVersion: v.basis === 'manufacturer' ? v.basisDocumentVersion.trim() || null : null,
    aemAssessmentId: v.basis === 'aem' ? v.aemAssessmentId : null,
    basisReference: v.basis === 'regulation' || v.basis === 'policy' ? v.basisReference.trim() || null : null,
    estimatedHours: typeof v.estimatedHours === 'number' ? v.estimatedHours : null,
    shop: v.shop.trim() || null,
  };
}

export const planContentFields = [
  'name',
  'tasks',
  'procedureReference',
  'interval',
  'anchor',
  'basis',
  'basisDocument',
  'basisDocumentVersion',
  'aemAssessmentId',
  'basisReference',
  'estimatedHours',
  'shop',
];

interface PlanContentFieldsProps {
  values: PlanContentValues;
  onChange: (next: Partial<PlanContentValues>) => void;
  errors: FieldErrors;
  /** Shown after the anchor: a plan's start date and due-window preview. */
  afterAnchor?: ReactNode;
}

export function PlanContentFields({ values: v, onChange, errors, afterAnchor }: PlanContentFieldsProps) {
  const aemOptions = useApprovedAemAssessments(v.basis === 'aem');
  return (
    <>
      <TextInput
        label="Plan name"
        value={v.name}
        onChange={(e) => onChange({ name: e.currentTarget.value })}
        error={fieldMessage('Plan name', errors.name)}
        required
      />
      <Textarea
        label="Tasks"
        description="One task per line"
        value={v.tasksText}
        onChange={(e) => onChange({ tasksText: e.currentTarget.value })}
        error={fieldMessage('Tasks', errors.tasks)}
        autosize
        minRows={3}
      />
      <TextInput
        label="Procedure reference"
        description="A procedure document number or title, instead of or besides the tasks"
        value={v.procedureReference}
        onChange={(e) => onChange({ procedureReference: e.currentTarget.value })}
        error={fieldMessage('Procedure reference', errors.procedureReference)}
      />
      <IntervalPicker
        label="Interval"
        value={v.interval}
        onChange={(interval) => onChange({ interval })}
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
          value={v.anchor}
          onChange={(value) =>
            onChange({ anchor: planAnchors.find((a) => a === value) ?? 'last_completion' })
          }
        />
      </Stack>
      {afterAnchor}
      <NativeSelect
        label="Basis"
        description="Why these tasks and this interval (in writing: manufacturer or AEM)"
        data={planBases.map((b) => ({ value: b, label: basisLabels[b] }))}
        value={v.basis}
        onChange={(e) =>
          onChange({ basis: planBases.find((b) => b === e.currentTarget.value) ?? 'manufacturer' })
        }
        error={fieldMessage('Basis', errors.basis)}
      />
      {v.basis === 'manufacturer' ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Manufacturer document"
            description="e.g. the service manual"
            value={v.basisDocument}
            onChange={(e) => onChange({ basisDocument: e.currentTarget.value })}
            error={fieldMessage('Manufacturer document', errors.basisDocument)}
          />
          <TextInput
            label="Document version"
            value={v.basisDocumentVersion}
            onChange={(e) => onChange({ basisDocumentVersion: e.currentTarget.value })}
            error={fieldMessage('Document version', errors.basisDocumentVersion)}
          />
        </SimpleGrid>
      ) : null}
      {v.basis === 'aem' ? (
        <NativeSelect
          label="AEM assessment"
          data={[
            { value: '', label: aemOptions.isPending ? 'Loading…' : 'Choose an approved assessment' },
            ...(aemOptions.data?.items ?? []).map((a) => ({
              value: a.id,
              label: `${a.model ? `${a.model.name} ${a.model.modelNumber}` : (a.deviceType?.name ?? '')} — ${a.aemInterval ?? 'no interval'}`,
            })),
          ]}
          value={v.aemAssessmentId}
          onChange={(e) => onChange({ aemAssessmentId: e.currentTarget.value })}
          error={fieldMessage('AEM assessment', errors.aemAssessmentId)}
        />
      ) : null}
      {v.basis === 'regulation' || v.basis === 'policy' ? (
        <TextInput
          label="Reference"
          description='e.g. "NFPA 99-2012 10.5" or "Policy EM-12"'
          value={v.basisReference}
          onChange={(e) => onChange({ basisReference: e.currentTarget.value })}
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
          value={v.estimatedHours}
          onChange={(estimatedHours) => onChange({ estimatedHours })}
          error={fieldMessage('Estimated hours', errors.estimatedHours)}
        />
        <TextInput
          label="Shop"
          value={v.shop}
          onChange={(e) => onChange({ shop: e.currentTarget.value })}
          error={fieldMessage('Shop', errors.shop)}
        />
      </SimpleGrid>
    </>
  );
}
