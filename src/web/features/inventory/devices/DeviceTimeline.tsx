import { Box, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { deviceStatusLabels, type DeviceStatusChange } from '../../../../contracts/index.ts';
import { formatDateTimeInZone } from '../../../lib/format.ts';
import { StatusBadge } from '../shared/StatusBadge.tsx';

interface DeviceTimelineProps {
  changes: readonly DeviceStatusChange[];
  /** The site's time zone; the browser's when unknown. */
  timeZone: string | undefined;
}

/** The append-only lifecycle history, newest first: what changed, who, when and why. */
export function DeviceTimeline({ changes, timeZone }: DeviceTimelineProps) {
  const newestFirst = [...changes].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  if (newestFirst.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No lifecycle changes are recorded yet.
      </Text>
    );
  }
  return (
    <Stack component="ol" gap={0} m={0} p={0} aria-label="Lifecycle history" style={{ listStyle: 'none' }}>
      {newestFirst.map((change) => (
        <Box
          component="li"
          key={change.id}
          pl="md"
          pb="md"
          style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
        >
          <Group gap="xs" wrap="wrap">
            {change.fromStatus ? (
              <>
                <Text size="sm" c="dimmed">
                  {deviceStatusLabels[change.fromStatus]}
                </Text>
                <Text size="sm" c="dimmed" aria-hidden>
                  →
                </Text>
                <VisuallyHidden>to</VisuallyHidden>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Entered as
              </Text>
            )}
            <StatusBadge status={change.toStatus} />
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            <time dateTime={change.occurredAt}>{formatDateTimeInZone(change.occurredAt, timeZone)}</time> ·{' '}
            {change.actor}
          </Text>
          {change.reason ? (
            <Text size="sm" mt={4}>
              {change.reason}
            </Text>
          ) : null}
        </Box>
      ))}
    </Stack>
  );
}
