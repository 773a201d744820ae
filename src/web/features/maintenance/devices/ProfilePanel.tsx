import { useState, type SubmitEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconBulb } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import {
  HighRiskReason,
  MaintenanceStrategy,
  highRiskReasons,
  maintenanceStrategies,
  maintenanceStrategyLabels,
  type DeviceMaintenanceProfile,
  type MaintenanceProfile,
  type ProfileScope,
  type ProfileValueSource,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { fieldMessage, serverFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { Facts, type Fact } from '../shared/Facts.tsx';
import { highRiskReasonLabels, profileFieldLabels, profileSourceLabels } from '../shared/labels.ts';
import { maintenanceKey, useUpdateProfile } from '../maintenance.api.ts';

const yesNo = (v: boolean) => (v ? 'Yes' : 'No');

function Sourced({ children, source }: { children: string; source: ProfileValueSource }) {
  return (
    <Group gap={6} wrap="wrap">
      <span>{children}</span>
      <Badge
        size="xs"
        variant={source === 'device' ? 'filled' : 'light'}
        color={source === 'default' ? 'gray' : 'blue'}
      >
        {profileSourceLabels[source]}
      </Badge>
    </Group>
  );
}

const scopeLabels: Record<ProfileScope, string> = {
  device: 'This device',
  model: 'The model',
  device_type: 'The device type',
};

type TriState = '' | 'yes' | 'no';
const toTri = (v: boolean | null): TriState => (v === null ? '' : v ? 'yes' : 'no');
const fromTri = (v: TriState): boolean | null => (v === '' ? null : v === 'yes');
const triData = [
  { value: '', label: 'Inherit' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
const isTri = (v: string): v is TriState => v === '' || v === 'yes' || v === 'no';

const booleanFields = [
  ['highRisk', 'High risk'],
  ['lifeSupport', 'Life support'],
  ['imagingRadiologic', 'Imaging or radiologic equipment'],
  ['medicalLaser', 'Medical laser'],
  ['lawOrCop', 'Required by law or Conditions of Participation'],
] as const;
type BooleanField = (typeof booleanFields)[number][0];

/** Edits one level of the chain (device, model or device type); empty values inherit from the level above. */
function ProfileForm({
  deviceId,
  chain,
  onDone,
}: {
  deviceId: string;
  chain: readonly MaintenanceProfile[];
  onDone: () => void;
}) {
  const update = useUpdateProfile(deviceId);
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<ProfileScope>('device');
  const level = chain.find((p) => p.scope === scope) ?? chain[0];
  const [flags, setFlags] = useState<Record<BooleanField, TriState>>(() => ({
    highRisk: toTri(level?.highRisk ?? null),
    lifeSupport: toTri(level?.lifeSupport ?? null),
    imagingRadiologic: toTri(level?.imagingRadiologic ?? null),
    medicalLaser: toTri(level?.medicalLaser ?? null),
    lawOrCop: toTri(level?.lawOrCop ?? null),
  }));
  const [strategy, setStrategy] = useState<string>(level?.strategy ?? '');
  const [highRiskReason, setHighRiskReason] = useState<string>(level?.highRiskReason ?? '');
  const [highRiskNote, setHighRiskNote] = useState(level?.highRiskNote ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const chooseLevel = (next: ProfileScope) => {
    const p = chain.find((c) => c.scope === next);
    setScope(next);
    setFlags({
      highRisk: toTri(p?.highRisk ?? null),
      lifeSupport: toTri(p?.lifeSupport ?? null),
      imagingRadiologic: toTri(p?.imagingRadiologic ?? null),
      medicalLaser: toTri(p?.medicalLaser ?? null),
      lawOrCop: toTri(p?.lawOrCop ?? null),
    });
    setStrategy(p?.strategy ?? '');
    setHighRiskReason(p?.highRiskReason ?? '');
    setHighRiskNote(p?.highRiskNote ?? '');
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!level) return;
    if (reason.trim() === '') return setErrors({ reason: 'is required' });
    setErrors({});
    const parsedStrategy = MaintenanceStrategy.safeParse(strategy);
    const parsedReason = HighRiskReason.safeParse(highRiskReason);
    update.mutate(
      {
        scope: level.scope,
        targetId: level.targetId,
        body: {
          version: level.version,
          reason: reason.trim(),
          highRisk: fromTri(flags.highRisk),
          lifeSupport: fromTri(flags.lifeSupport),
          imagingRadiologic: fromTri(flags.imagingRadiologic),
          medicalLaser: fromTri(flags.medicalLaser),
          lawOrCop: fromTri(flags.lawOrCop),
          strategy: parsedStrategy.success ? parsedStrategy.data : null,
          highRiskReason: parsedReason.success ? parsedReason.data : null,
          highRiskNote: highRiskNote.trim() || null,
        },
      },
      { onSuccess: onDone, onError: (e) => setErrors(serverFieldErrors(e)) },
    );
  };

  const refused = isApiError(update.error) && update.error.code === 'AEM_NOT_ALLOWED';
  const conflict = isApiError(update.error) && update.error.code === 'VERSION_CONFLICT';
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change maintenance profile">
      <Stack gap="sm">
        {conflict ? (
          <VersionConflictAlert
            onReload={() =>
              void queryClient
                .invalidateQueries({ queryKey: [...maintenanceKey, 'profile', deviceId] })
                .then(onDone)
            }
            reloading={false}
          />
        ) : (
          <ErrorAlert
            error={update.error}
            title={refused ? 'AEM is not allowed here' : undefined}
            inlineFields={['reason']}
          />
        )}
        <NativeSelect
          label="Set for"
          description="A device's own value wins over its model's, which wins over its device type's."
          data={chain.map((p) => ({ value: p.scope, label: `${scopeLabels[p.scope]} — ${p.targetName}` }))}
          value={scope}
          onChange={(e) => {
            const next = chain.find((p) => p.scope === e.currentTarget.value);
            if (next) chooseLevel(next.scope);
          }}
        />
        <NativeSelect
          label="Maintenance strategy"
          data={[
            { value: '', label: 'Inherit' },
            ...maintenanceStrategies.map((s) => ({ value: s, label: maintenanceStrategyLabels[s] })),
          ]}
          value={strategy}
          onChange={(e) => setStrategy(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {booleanFields.map(([key, label]) => (
            <NativeSelect
              key={key}
              label={label}
              data={triData}
              value={flags[key]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (isTri(v)) setFlags((prev) => ({ ...prev, [key]: v }));
              }}
            />
          ))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="High-risk reason"
            data={[
              { value: '', label: 'Inherit' },
              ...highRiskReasons.map((r) => ({ value: r, label: highRiskReasonLabels[r] })),
            ]}
            value={highRiskReason}
            onChange={(e) => setHighRiskReason(e.currentTarget.value)}
          />
          <TextInput
            label="High-risk note"
            value={highRiskNote}
            onChange={(e) => setHighRiskNote(e.currentTarget.value)}
          />
        </SimpleGrid>
        <TextInput
          label="Reason for the change"
          description="Recorded in the audit trail"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldMessage('Reason', errors.reason)}
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The effective maintenance profile with where each value comes from, suggestions and AEM eligibility. */
export function ProfilePanel({
  deviceId,
  profile,
  canManage,
}: {
  deviceId: string;
  profile: DeviceMaintenanceProfile;
  canManage: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const e = profile.effective;
  const facts: Fact[] = [
    [
      'Strategy',
      <Sourced key="s" source={e.strategy.source}>
        {maintenanceStrategyLabels[e.strategy.value]}
      </Sourced>,
    ],
    [
      'High risk',
      <Sourced key="h" source={e.highRisk.source}>
        {e.highRisk.value
          ? `Yes${e.highRiskReason.value ? ` — ${highRiskReasonLabels[e.highRiskReason.value]}` : ''}`
          : 'No'}
      </Sourced>,
    ],
    ['High-risk note', e.highRiskNote.value],
    [
      'Life support',
      <Sourced key="l" source={e.lifeSupport.source}>
        {yesNo(e.lifeSupport.value)}
      </Sourced>,
    ],
    [
      'Imaging or radiologic',
      <Sourced key="i" source={e.imagingRadiologic.source}>
        {yesNo(e.imagingRadiologic.value)}
      </Sourced>,
    ],
    [
      'Medical laser',
      <Sourced key="m" source={e.medicalLaser.source}>
        {yesNo(e.medicalLaser.value)}
      </Sourced>,
    ],
    [
      'Law or CoP',
      <Sourced key="c" source={e.lawOrCop.source}>
        {yesNo(e.lawOrCop.value)}
      </Sourced>,
    ],
  ];
  return (
    <Stack gap="md">
      <Facts facts={facts} />
      {profile.suggestions.length > 0 ? (
        <Alert color="blue" variant="light" icon={<IconBulb aria-hidden />} title="Suggestions to confirm">
          <List size="sm">
            {profile.suggestions.map((s) => (
              <List.Item key={s.field}>
                {profileFieldLabels[s.field]}: {typeof s.value === 'boolean' ? yesNo(s.value) : s.value} —{' '}
                {s.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {profile.aemEligibility.allowed ? (
        <Text size="sm" c="dimmed">
          Alternate equipment management (AEM) is allowed for this device.
        </Text>
      ) : (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="AEM is not allowed"
        >
          <List size="sm">
            {profile.aemEligibility.reasons.map((r) => (
              <List.Item key={r.code}>
                <strong>{r.label}:</strong> {r.message}{' '}
                <Text span size="xs" c="dimmed">
                  ({r.citation})
                </Text>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {canManage ? (
        editing ? (
          <ProfileForm deviceId={deviceId} chain={profile.chain} onDone={() => setEditing(false)} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Change profile
            </Button>
          </Group>
        )
      ) : null}
    </Stack>
  );
}
