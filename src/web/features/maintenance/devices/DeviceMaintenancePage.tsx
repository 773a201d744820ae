import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Divider, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconPlus } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { MaintenancePlan } from '../../../../contracts/index.ts';
import { DataTable } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { describeInterval, formatCalendarDate } from '../shared/interval.ts';
import { anchorLabels, basisLabels } from '../shared/labels.ts';
import { useDevicePlans, useDeviceProfile, useDeviceSummary, useRetirePlan } from '../maintenance.api.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import { RiskScorePanel } from './RiskScorePanel.tsx';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function NextDue({ plan }: { plan: MaintenancePlan }) {
  if (!plan.nextDue) return <Text size="sm">—</Text>;
  const n = plan.nextDue;
  return (
    <div>
      <Text size="sm">
        {formatCalendarDate(n.due)}{' '}
        {n.overdue ? (
          <Badge color="red" size="xs">
            Overdue
          </Badge>
        ) : null}
      </Text>
      <Text size="xs" c="dimmed">
        {formatCalendarDate(n.earliest)} – {formatCalendarDate(n.latest)}
      </Text>
    </div>
  );
}

function RetirePlan({ plan, onDone }: { plan: MaintenancePlan; onDone: () => void }) {
  const retire = useRetirePlan(plan.id);
  const [reason, setReason] = useState('');
  return (
    <Stack gap="xs">
      <Divider />
      <ErrorAlert error={retire.error} />
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Reason to retire this plan"
          description="The plan is kept as retired and generates no new work"
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
            retire.mutate({ version: plan.version, reason: reason.trim() }, { onSuccess: onDone })
          }
        >
          Retire plan
        </Button>
      </Group>
    </Stack>
  );
}

function Plans({ deviceId, canManage }: { deviceId: string; canManage: boolean }) {
  const plans = useDevicePlans(deviceId);
  const [open, setOpen] = useState<MaintenancePlan | 'new' | null>(null);
  const plan = open === 'new' ? null : open;
  return (
    <Stack gap="sm">
      {canManage ? (
        <div>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
            New plan
          </Button>
        </div>
      ) : null}
      <DataTable
        caption="Maintenance plans"
        rows={plans.data?.items}
        isLoading={plans.isPending}
        error={plans.error}
        onRetry={() => void plans.refetch()}
        rowKey={(p) => p.id}
        minWidth={560}
        empty={<EmptyNotice title="No maintenance plan" description="This device has no plan yet." />}
        columns={[
          {
            key: 'name',
            header: 'Plan',
            render: (p) => (
              <div>
                <Text size="sm" fw={500}>
                  {p.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {basisLabels[p.basis]}
                  {p.basisDocument
                    ? ` — ${p.basisDocument}${p.basisDocumentVersion ? ` ${p.basisDocumentVersion}` : ''}`
                    : ''}
                </Text>
              </div>
            ),
          },
          {
            key: 'interval',
            header: 'Interval',
            render: (p) => (
              <div>
                <Text size="sm">{describeInterval(p.interval)}</Text>
                <Text size="xs" c="dimmed">
                  {anchorLabels[p.anchor]}
                </Text>
              </div>
            ),
          },
          { key: 'due', header: 'Next due', nowrap: true, render: (p) => <NextDue plan={p} /> },
          {
            key: 'active',
            header: 'Status',
            visibleFrom: 'sm',
            render: (p) => (p.active ? 'Active' : 'Retired'),
          },
          {
            key: 'edit',
            header: '',
            render: (p) =>
              canManage && p.active ? (
                <Button size="xs" variant="default" onClick={() => setOpen(p)} aria-label={`Edit ${p.name}`}>
                  Edit
                </Button>
              ) : null,
          },
        ]}
      />
      <SidePanel
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={plan ? plan.name : 'New plan'}
        size="lg"
      >
        {open !== null ? (
          <Stack gap="lg">
            <PlanEditor
              key={plan?.id ?? 'new'}
              deviceId={deviceId}
              plan={plan}
              onDone={() => setOpen(null)}
            />
            {plan ? <RetirePlan key={plan.id} plan={plan} onDone={() => setOpen(null)} /> : null}
          </Stack>
        ) : null}
      </SidePanel>
    </Stack>
  );
}

/** A device's maintenance: its effective profile and strategy, its risk score, and its plans. */
export function DeviceMaintenancePage() {
  const { id = '' } = useParams();
  const canManage = usePermission('maintenance.manage');
  const device = useDeviceSummary(id);
  const profile = useDeviceProfile(id);
  const title = device.data ? `Maintenance of ${device.data.assetTag}` : 'Device maintenance';
  return (
    <>
      <Anchor component={Link} to={`/inventory/devices/${id}`} size="sm">
        <IconArrowLeft size={14} aria-hidden /> Back to the device
      </Anchor>
      <PageHeader
        title={title}
        description={
          device.data
            ? `${device.data.model.manufacturer.name} ${device.data.model.modelNumber} — ${device.data.model.name}`
            : undefined
        }
      />
      <Stack gap="lg">
        <Section id="profile-heading" title="Strategy and risk flags">
          {profile.error ? (
            <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />
          ) : profile.data ? (
            <ProfilePanel deviceId={id} profile={profile.data} canManage={canManage} />
          ) : (
            <Text size="sm">Loading…</Text>
          )}
        </Section>
        <Section id="risk-heading" title="Risk score">
          {profile.data ? (
            <RiskScorePanel
              key={profile.data.riskAssessment?.id ?? 'none'}
              deviceId={id}
              targets={profile.data.chain}
              modelId={device.data?.model.id ?? null}
              current={profile.data.riskAssessment}
              canManage={canManage}
            />
          ) : (
            <Text size="sm">Loading…</Text>
          )}
        </Section>
        <Section id="plans-heading" title="Maintenance plans">
          <Plans deviceId={id} canManage={canManage} />
        </Section>
      </Stack>
    </>
  );
}
