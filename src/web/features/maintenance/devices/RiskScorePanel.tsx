import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  maintenanceStrategyLabels,
  type EvaluateRiskRequest,
  type ProfileScope,
  type RiskAssessment,
  type RiskEvaluation,
  type RiskModel,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { fieldMessage, serverFieldErrors } from '../../../lib/forms.ts';
import { describeInterval, formatCalendarDate } from '../shared/interval.ts';
import {
  useCreateRiskAssessment,
  useIncidentRate,
  useRiskEvaluation,
  useRiskModels,
} from '../maintenance.api.ts';

const DEFAULT_MODEL_KEY = 'fennigkoh-smith-1989';

/** The evaluate body once every factor has a value (the incident factor may come from a rate instead). */
export function evaluationBody(
  model: RiskModel,
  values: Record<string, number>,
  incidentRate: number | undefined,
): EvaluateRiskRequest | null {
  const complete = model.content.factors.every(
    (f) => values[f.key] !== undefined || (f.derivedFrom === 'INCIDENT_RATE' && incidentRate !== undefined),
  );
  if (!complete) return null;
  const factorValues: Record<string, number> = {};
  for (const f of model.content.factors) {
    const v = values[f.key];
    if (v !== undefined && !(f.derivedFrom === 'INCIDENT_RATE' && incidentRate !== undefined))
      factorValues[f.key] = v;
  }
  return incidentRate === undefined ? { factorValues } : { factorValues, incidentRate };
}

function EvaluationResult({ evaluation }: { evaluation: RiskEvaluation }) {
  return (
    <Stack gap="sm">
      <Group gap="md" align="baseline">
        <Text size="xl" fw={700} aria-label={`Score ${evaluation.score}`}>
          Score {evaluation.score}
        </Text>
        <Badge size="lg" variant="light" color={evaluation.includeInPm ? 'blue' : 'gray'}>
          {evaluation.band.label}
        </Badge>
      </Group>
      <Text size="sm">
        Suggested strategy: <strong>{maintenanceStrategyLabels[evaluation.suggestedStrategy]}</strong>
      </Text>
      <Text size="sm">
        {evaluation.includeInPm ? (
          <>
            Suggested interval: <strong>{describeInterval(evaluation.suggestedInterval)}</strong>
          </>
        ) : (
          'Not suggested for scheduled maintenance.'
        )}
      </Text>
      <Table.ScrollContainer minWidth={420}>
        <Table aria-label="How the score is made" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Factor</Table.Th>
              <Table.Th scope="col">Chosen</Table.Th>
              <Table.Th scope="col">Points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evaluation.explanation.map((e) => (
              <Table.Tr key={e.key}>
                <Table.Td>{e.label}</Table.Td>
                <Table.Td>
                  {e.optionLabel}
                  {e.note ? (
                    <Text size="xs" c="dimmed">
                      {e.note}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{e.value}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td colSpan={2}>
                <strong>{evaluation.aggregate === 'SUM' ? 'Sum' : 'Product'}</strong>
              </Table.Td>
              <Table.Td>
                <strong>{evaluation.score}</strong>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {evaluation.model.name}, version {evaluation.model.version} ({evaluation.model.edition})
      </Text>
      {evaluation.caveats.length > 0 ? (
        <Alert color="yellow" variant="light" title="Read before relying on this score">
          <List size="sm">
            {evaluation.caveats.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The incident rate derived from the model's corrective work, offered for the incident-history factor. */
function DerivedRate({
  modelId,
  months,
  onUse,
}: {
  modelId: string;
  months: number | undefined;
  onUse: (rate: number) => void;
}) {
  const derived = useIncidentRate(modelId, months);
  const d = derived.data;
  if (derived.isError)
    return (
      <Text size="xs" c="dimmed">
        The rate from corrective work could not be read.
      </Text>
    );
  if (!d) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="xs" c="dimmed">
        From corrective work on this model since {formatCalendarDate(d.since)}: {d.failures} failures in{' '}
        {d.unitYears.toLocaleString(undefined, { maximumFractionDigits: 1 })} unit-years
        {d.rate === null ? ' (no time in service yet)' : ` = ${d.rate.toFixed(2)} per unit-year`}.
      </Text>
      {d.rate !== null ? (
        <Button size="compact-xs" variant="light" onClick={() => onUse(Number(d.rate?.toFixed(3)))}>
          Use this rate
        </Button>
      ) : null}
    </Group>
  );
}

/** A level a risk assessment can be recorded for (device, its model, its device type). */
export interface AssessmentTarget {
  scope: ProfileScope;
  targetId: string;
  targetName: string;
}

const targetScopeLabels: Record<ProfileScope, string> = {
  device: 'This device',
  model: 'Its model',
  device_type: 'Its device type',
};

interface RiskScorePanelProps {
  deviceId: string;
  /** Where the assessment may be recorded; a model's or device type's covers the devices without their own. */
  targets: readonly AssessmentTarget[];
  /** The device's model: its corrective work gives the derived incident rate. */
  modelId: string | null;
  current: RiskAssessment | null;
  canManage: boolean;
}

/**
 * The risk score of a device: choosing factor values evaluates them live on the server (domain reference §3) and
 * shows the score, band, suggested strategy and interval, each factor's points and the model's caveats.
 */
export function RiskScorePanel({
  deviceId,
  targets,
  modelId: deviceModelId,
  current,
  canManage,
}: RiskScorePanelProps) {
  const models = useRiskModels();
  const [modelId, setModelId] = useState<string | null>(current?.riskModel.id ?? null);
  const [values, setValues] = useState<Record<string, number>>(current?.factorValues ?? {});
  const [rateText, setRateText] = useState<string | number>(
    current?.incidentSource === 'manual' ? (current.incidentRate ?? '') : '',
  );
  const [debouncedRate] = useDebouncedValue(rateText, 300);
  const [rationale, setRationale] = useState('');
  const [targetScope, setTargetScope] = useState<ProfileScope>('device');
  const target = targets.find((t) => t.scope === targetScope) ?? {
    scope: 'device' as const,
    targetId: deviceId,
    targetName: '',
  };
  const save = useCreateRiskAssessment(deviceId);

  const model = useMemo(() => {
    const items = models.data?.items ?? [];
    return (
      items.find((m) => m.id === modelId) ??
      items.find((m) => m.key === DEFAULT_MODEL_KEY) ??
      items[0] ??
      null
    );
  }, [models.data, modelId]);

  const incidentRate = typeof debouncedRate === 'number' ? debouncedRate : undefined;
  const body = model ? evaluationBody(model, values, incidentRate) : null;
  const evaluation = useRiskEvaluation(model?.id ?? null, body);

  if (models.error) return <ErrorAlert error={models.error} onRetry={() => void models.refetch()} />;
  if (!model) return <Text size="sm">Loading risk models…</Text>;

  const errors = serverFieldErrors(save.error);
  return (
    <Stack gap="md">
      {current ? (
        <Text size="sm" c="dimmed">
          Current assessment: score {current.score} ({current.band}) by {current.assessedBy.name},{' '}
          {formatDateTime(current.assessedAt)}.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          No risk assessment recorded for this device yet.
        </Text>
      )}
      <NativeSelect
        label="Risk model"
        data={(models.data?.items ?? []).map((m) => ({
          value: m.id,
          label: `${m.name} (v${m.version}, ${m.edition})`,
        }))}
        value={model.id}
        onChange={(e) => {
          setModelId(e.currentTarget.value);
          setValues({});
        }}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          {model.content.factors.map((f) => {
            const chosen = f.options.find((o) => o.value === values[f.key]);
            const derived = f.derivedFrom === 'INCIDENT_RATE';
            return (
              <Stack key={f.key} gap={4}>
                <NativeSelect
                  label={f.label}
                  data={[
                    { value: '', label: derived ? 'From the incident rate' : 'Choose…' },
                    ...f.options.map((o) => ({ value: String(o.value), label: `${o.value} — ${o.label}` })),
                  ]}
                  value={chosen ? String(chosen.value) : ''}
                  description={chosen?.definition}
                  onChange={(e) => {
                    const raw = e.currentTarget.value;
                    setValues((prev) => {
                      const next = Object.fromEntries(Object.entries(prev).filter(([k]) => k !== f.key));
                      return raw === '' ? next : { ...next, [f.key]: Number(raw) };
                    });
                  }}
                />
                {derived ? (
                  <NumberInput
                    label="Incident rate (failures per unit-year)"
                    description={
                      model.content.incidentHistoryNote ??
                      'Scored through the model’s incident-history bands; leave empty to choose a value above.'
                    }
                    min={0}
                    step={0.1}
                    decimalScale={3}
                    value={rateText}
                    onChange={setRateText}
                  />
                ) : null}
                {derived && deviceModelId ? (
                  <DerivedRate
                    modelId={deviceModelId}
                    months={model.content.incidentPeriodMonths}
                    onUse={setRateText}
                  />
                ) : null}
              </Stack>
            );
          })}
        </Stack>
        <Paper
          withBorder
          p="md"
          radius="md"
          component="section"
          aria-label="Score and suggestion"
          aria-live="polite"
        >
          <Title order={3} size="h5" mb="xs">
            Score and suggestion
          </Title>
          {evaluation.error ? (
            <ErrorAlert error={evaluation.error} />
          ) : evaluation.data && body ? (
            <EvaluationResult evaluation={evaluation.data} />
          ) : (
            <Text size="sm" c="dimmed">
              Choose a value for every factor to see the score.
            </Text>
          )}
        </Paper>
      </SimpleGrid>
      {canManage && body && evaluation.data ? (
        <Stack gap="xs">
          <ErrorAlert error={save.error} inlineFields={['rationale']} />
          <NativeSelect
            label="Record for"
            description="A device's own assessment wins over its model's, which wins over its device type's."
            data={targets.map((t) => ({
              value: t.scope,
              label: `${targetScopeLabels[t.scope]} — ${t.targetName}`,
            }))}
            value={target.scope}
            onChange={(e) => {
              const next = targets.find((t) => t.scope === e.currentTarget.value);
              if (next) setTargetScope(next.scope);
            }}
          />
          <Textarea
            label="Rationale"
            description="Why these values; recorded with the assessment"
            value={rationale}
            onChange={(e) => setRationale(e.currentTarget.value)}
            error={fieldMessage('Rationale', errors.rationale)}
            autosize
            minRows={2}
          />
          <Group>
            <Button
              loading={save.isPending}
              disabled={rationale.trim() === ''}
              onClick={() =>
                save.mutate(
                  {
                    scope: target.scope,
                    targetId: target.targetId,
                    riskModel: model.id,
                    ...body,
                    ...(incidentRate !== undefined ? { incidentRateReason: rationale.trim() } : {}),
                    rationale: rationale.trim(),
                  },
                  { onSuccess: () => setRationale('') },
                )
              }
            >
              Record this assessment
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
