import type { ReactNode } from 'react';
import { Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditEvent } from '../../../contracts/index.ts';
import { JsonDiff } from '../../components/JsonDiff.tsx';
import { SidePanel } from '../../components/Overlays.tsx';
import { formatDateTimePrecise } from '../../lib/format.ts';

interface AuditEventDrawerProps {
  event: AuditEvent | null;
  onClose: () => void;
  onFilterActor: (actorId: string, actorLabel: string) => void;
  onFilterEntity: (entityType: string, entityId: string) => void;
}

function Facts({ event }: { event: AuditEvent }) {
  const rows: [string, ReactNode][] = [
    ['When', formatDateTimePrecise(event.occurredAt)],
    ['Actor', event.actorLabel],
    ['Action', <Code key="a">{event.action}</Code>],
    ['Entity', `${event.entityType}${event.entityId ? ` ${event.entityId}` : ''}`],
    ['Reason', event.reason ?? '—'],
    ['Sequence', event.seq],
    ['Request', event.requestId ?? '—'],
    ['IP address', event.ip ?? '—'],
    [
      'Hash',
      <Code key="h" style={{ wordBreak: 'break-all' }}>
        {event.hash}
      </Code>,
    ],
  ];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={110}>{label}</Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One audit event: its facts, and the before/after values side by side. */
export function AuditEventDrawer({ event, onClose, onFilterActor, onFilterEntity }: AuditEventDrawerProps) {
  return (
    <SidePanel
      opened={event !== null}
      onClose={onClose}
      title={event ? `Audit event ${event.seq}` : 'Audit event'}
      size="xl"
    >
      {event ? (
        <Stack gap="md">
          <Facts event={event} />
          <Group gap="xs">
            {event.actorId ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => event.actorId && onFilterActor(event.actorId, event.actorLabel)}
              >
                Events by this actor
              </Button>
            ) : null}
            {event.entityId ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => event.entityId && onFilterEntity(event.entityType, event.entityId)}
              >
                History of this record
              </Button>
            ) : null}
          </Group>
          <Title order={3} size="h5">
            What changed
          </Title>
          {event.before === null && event.after === null ? (
            <Text size="sm" c="dimmed">
              This event records no values.
            </Text>
          ) : (
            <JsonDiff before={event.before} after={event.after} />
          )}
        </Stack>
      ) : null}
    </SidePanel>
  );
}
