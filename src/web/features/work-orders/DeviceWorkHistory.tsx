import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconTool } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import type { DeviceStatus } from '../../../contracts/index.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { workOrderKindLabels, workOrderStatusLabels } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { usePermission } from '../../lib/session.ts';
import { formatCalendarDate, outcomeLabels } from './labels.ts';
import { useDeviceFound, useDeviceWorkOrders } from './workOrders.api.ts';

interface DeviceFacts {
  id: string;
  status: DeviceStatus;
  version: number;
}

/** A device's work history for its page (composed in app/router; features do not import each other). */
export function DeviceWorkHistory({ device }: { device: DeviceFacts }) {
  const canRead = usePermission('work-orders.read');
  return canRead ? <History device={device} /> : null;
}

/**
 * Domain reference §1.5: a missing (or stored) device that turns up is not simply put back in service; it goes out
 * of service with a check work order, and completing the check returns it.
 */
function DeviceFoundButton({ device }: { device: DeviceFacts }) {
  const navigate = useNavigate();
  const found = useDeviceFound(device.id);
  return (
    <Stack gap={4}>
      <ConfirmButton
        variant="default"
        style={{ alignSelf: 'flex-start' }}
        question="Out of service with a check before it returns to service?"
        confirmLabel="Device found"
        loading={found.isPending}
        onConfirm={() =>
          found.mutate(device.version, { onSuccess: (wo) => void navigate(`/work-orders/${wo.id}`) })
        }
      >
        Device found
      </ConfirmButton>
      {found.error ? <ErrorAlert error={found.error} /> : null}
    </Stack>
  );
}

function History({ device }: { device: DeviceFacts }) {
  const deviceId = device.id;
  const canRequest = usePermission('work-orders.request');
  const canManage = usePermission('work-orders.manage');
  const { items, tableState } = useDeviceWorkOrders(deviceId);
  return (
    <Stack gap="xs">
      {canManage && (device.status === 'missing' || device.status === 'inactive') ? (
        <DeviceFoundButton device={device} />
      ) : null}
      {canRequest ? (
        <Button
          component={Link}
          to={`/work-orders/new?deviceId=${encodeURIComponent(deviceId)}`}
          variant="default"
          leftSection={<IconTool size={16} aria-hidden />}
          style={{ alignSelf: 'flex-start' }}
        >
          Request repair
        </Button>
      ) : null}
      {tableState.error ? (
        <ErrorAlert error={tableState.error} onRetry={tableState.onRetry} />
      ) : !items ? (
        <Text size="sm" c="dimmed" role="status">
          Loading work history…
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No work orders for this device yet.
        </Text>
      ) : (
        <Stack component="ul" gap={6} m={0} p={0} aria-label="Work history" style={{ listStyle: 'none' }}>
          {items.map((wo) => (
            <li key={wo.id}>
              <Group gap="xs" wrap="wrap">
                <Anchor component={Link} to={`/work-orders/${wo.id}`} size="sm">
                  {wo.number}
                </Anchor>
                <Text size="sm">{workOrderKindLabels[wo.kind]}</Text>
                <Badge
                  size="sm"
                  variant="light"
                  color={wo.status === 'completed' || wo.status === 'closed' ? 'teal' : 'blue'}
                >
                  {workOrderStatusLabels[wo.status]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {wo.title}
                {wo.completedAt
                  ? ` · completed ${formatCalendarDate(wo.completedAt.slice(0, 10))}`
                  : wo.dueDate
                    ? ` · due ${formatCalendarDate(wo.dueDate)}`
                    : ''}
                {wo.outcome ? ` · ${outcomeLabels[wo.outcome]}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      {tableState.hasMore ? (
        <Button variant="subtle" size="xs" onClick={tableState.onLoadMore} loading={tableState.isLoadingMore}>
          Load more
        </Button>
      ) : null}
    </Stack>
  );
}
