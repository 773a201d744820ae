import { useState } from 'react';
import { Badge, Button, CloseButton, Code, Group, Text, VisuallyHidden } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import type { AuditEvent } from '../../../contracts/index.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyNotice } from '../../components/EmptyNotice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { usePermission } from '../../lib/session.ts';
import { noAuditFilters, useAuditEvents, useVerifyChain, type AuditFilterValues } from './audit.api.ts';
import { AuditEventDrawer } from './AuditEventDrawer.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { shortId, summarize } from './summary.ts';
import { VerifyChainButton, VerifyChainResult } from './VerifyChainButton.tsx';

function columns(onOpen: (event: AuditEvent) => void): Column<AuditEvent>[] {
  return [
    {
      key: 'when',
      header: 'When',
      render: (e) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(e.occurredAt)}
        </Text>
      ),
    },
    { key: 'actor', header: 'Actor', render: (e) => e.actorLabel },
    { key: 'action', header: 'Action', render: (e) => <Code>{e.action}</Code> },
    { key: 'entity', header: 'Entity type', render: (e) => e.entityType, visibleFrom: 'sm' },
    {
      key: 'summary',
      header: 'Summary',
      render: (e) => (
        <Text size="sm" lineClamp={2} style={{ wordBreak: 'break-word' }}>
          {summarize(e)}
          {e.reason ? (
            <Text span size="xs" c="dimmed">
              {' '}
              — {e.reason}
            </Text>
          ) : null}
        </Text>
      ),
    },
    {
      key: 'details',
      header: <VisuallyHidden>Details</VisuallyHidden>,
      render: (e) => (
        <Button
          size="xs"
          variant="default"
          onClick={() => onOpen(e)}
          aria-label={`Details of event ${e.seq}`}
        >
          Details
        </Button>
      ),
    },
  ];
}

/** A chip for a filter that is set from an event (actor or record) rather than typed. */
function ActiveFilter({ label, onClear }: { label: string; onClear: () => void }) {
  return (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      rightSection={<CloseButton size="xs" onClick={onClear} aria-label={`Remove filter ${label}`} />}
    >
      {label}
    </Badge>
  );
}

export function AuditPage() {
  const canVerify = usePermission('organization.manage');
  const canListUsers = usePermission('users.read');
  const [actorLabel, setActorLabel] = useState('');
  const verify = useVerifyChain();
  const [filters, setFilters] = useState<AuditFilterValues>(noAuditFilters);
  const { items, tableState } = useAuditEvents(filters);
  const [open, setOpen] = useState<AuditEvent | null>(null);

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, with who made it, when and why. Events are append-only and hash-chained."
        actions={canVerify ? <VerifyChainButton verify={verify} /> : null}
      />
      <VerifyChainResult verify={verify} />
      <AuditFilters key={JSON.stringify(filters)} applied={filters} onApply={setFilters} />
      {filters.entityId || (filters.actorId && !canListUsers) ? (
        <Group mb="sm" gap="xs">
          {filters.entityId ? (
            <ActiveFilter
              label={`Record ${filters.entityType} ${shortId(filters.entityId)}`}
              onClear={() => setFilters({ ...filters, entityId: '' })}
            />
          ) : null}
          {filters.actorId && !canListUsers ? (
            <ActiveFilter
              label={`Actor ${actorLabel}`}
              onClear={() => setFilters({ ...filters, actorId: '' })}
            />
          ) : null}
        </Group>
      ) : null}
      <DataTable
        caption="Audit events, newest first"
        columns={columns(setOpen)}
        rows={items}
        rowKey={(e) => e.id}
        {...tableState}
        minWidth={720}
        empty={
          <EmptyNotice
            icon={<IconHistory size={22} />}
            title="No events match"
            description="Change or clear the filters."
          />
        }
      />
      <AuditEventDrawer
        event={open}
        onClose={() => setOpen(null)}
        onFilterActor={(actorId, label) => {
          setOpen(null);
          setActorLabel(label);
          setFilters({ ...noAuditFilters, actorId });
        }}
        onFilterEntity={(entityType, entityId) => {
          setOpen(null);
          setFilters({ ...noAuditFilters, entityType, entityId });
        }}
      />
    </>
  );
}
