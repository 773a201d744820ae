import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { maintenanceStrategyLabels } from '../../../../contracts/index.ts';
import { usePermission } from '../../../lib/session.ts';
import { formatCalendarDate } from '../shared/interval.ts';
import { useDevicePlans, useDeviceProfile } from '../maintenance.api.ts';

/** The device page's maintenance card (a slot composed in app/router): strategy, risk flags, next due, a link. */
export function DeviceMaintenanceSummary({ deviceId }: { deviceId: string }) {
  const canRead = usePermission('maintenance.read');
  if (!canRead) return null;
  return <Summary deviceId={deviceId} />;
}

function Summary({ deviceId }: { deviceId: string }) {
  const profile = useDeviceProfile(deviceId);
  const plans = useDevicePlans(deviceId);
  const e = profile.data?.effective;
  const next = (plans.data?.items ?? [])
    .flatMap((p) => (p.active && p.nextDue ? [p.nextDue] : []))
    .sort((a, b) => a.due.localeCompare(b.due))[0];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="device-maintenance">
      <Title order={2} size="h4" id="device-maintenance" mb="sm">
        Maintenance
      </Title>
      <Stack gap={6}>
        {e ? (
          <>
            <Text size="sm">{maintenanceStrategyLabels[e.strategy.value]}</Text>
            <Group gap={6}>
              {e.highRisk.value ? <Badge color="red">High risk</Badge> : null}
              {e.lifeSupport.value ? <Badge color="grape">Life support</Badge> : null}
              {profile.data?.riskAssessment ? (
                <Badge variant="light">Risk score {profile.data.riskAssessment.score}</Badge>
              ) : null}
            </Group>
          </>
        ) : null}
        <Text size="sm">
          {next
            ? `Next due ${formatCalendarDate(next.due)} (window ${formatCalendarDate(next.earliest)} – ${formatCalendarDate(next.latest)})`
            : plans.data
              ? 'No scheduled maintenance plan.'
              : ''}
        </Text>
        <Anchor component={Link} to={`/maintenance/devices/${deviceId}`} size="sm">
          Strategy, risk score and plans
        </Anchor>
      </Stack>
    </Paper>
  );
}
