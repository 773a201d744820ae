import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconTool } from '@tabler/icons-react';
import { Link } from 'react-router';
import { workOrderKindLabels, workOrderStatusLabels } from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { usePermission } from '../../lib/session.ts';
import { formatCalendarDate, outcomeLabels } from './labels.ts';
import { useDeviceWorkOrders } from './workOrders.api.ts';

/** A device's work history for its page (composed in app/router; features do not import each other). */
export function DeviceWorkHistory({ deviceId }: { deviceId: string }) {
  const canRead = usePermission('work-orders.read');
  return canRead ? <History deviceId={deviceId} /> : null;
}

function History({ deviceId }: { deviceId: string }) {
  const canRequest = usePermission('work-orders.request');
  const { items, tableState } = useDeviceWorkOrders(deviceId);
  return (
    <Stack gap="xs">
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
