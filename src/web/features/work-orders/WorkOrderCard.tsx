import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { Link } from 'react-router';
import { workOrderKindLabels, workOrderStatusLabels, type WorkOrder } from '../../../contracts/index.ts';
import { dueText, formatCalendarDate, locationOf, priorityColors, priorityLabels } from './labels.ts';

interface WorkOrderCardProps {
  workOrder: WorkOrder;
  onStart?: (workOrder: WorkOrder) => void;
  starting?: boolean;
}

/** One piece of work as a card: what, where, when, and the next step. Sized for a phone. */
export function WorkOrderCard({ workOrder: wo, onStart, starting }: WorkOrderCardProps) {
  const canStart = onStart !== undefined && (wo.status === 'open' || wo.status === 'assigned');
  const headingId = `wo-${wo.id}`;
  return (
    <Paper withBorder radius="md" p="sm" component="article" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={`/work-orders/${wo.id}`} fw={600} id={headingId}>
            {wo.device.assetTag} · {wo.title}
          </Anchor>
          <Badge color={priorityColors[wo.priority]} variant="light" style={{ flexShrink: 0 }}>
            {priorityLabels[wo.priority]}
          </Badge>
        </Group>
        <Text size="sm">
          {wo.device.manufacturerName} {wo.device.modelName}
          {wo.device.serialNumber ? ` · SN ${wo.device.serialNumber}` : ''}
        </Text>
        <Text size="sm" c="dimmed">
          {locationOf(wo.device)}
        </Text>
        <Text size="sm" c={wo.overdue ? 'red' : undefined} fw={wo.overdue ? 600 : undefined}>
          {wo.overdue ? 'Overdue · ' : ''}
          {dueText(wo, formatCalendarDate)}
        </Text>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {wo.number} · {workOrderKindLabels[wo.kind]} · {workOrderStatusLabels[wo.status]}
          </Text>
          {canStart ? (
            <Button
              size="sm"
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              loading={starting}
              onClick={() => onStart(wo)}
              aria-label={`Start ${wo.number} (${wo.device.assetTag})`}
            >
              Start
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
