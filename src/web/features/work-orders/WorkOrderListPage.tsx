import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconClipboardList } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Site,
  pageOf,
  workOrderKindLabels,
  workOrderKinds,
  workOrderStatusLabels,
  workOrderStatuses,
  type WorkOrder,
  type WorkOrderKind,
  type WorkOrderStatus,
} from '../../../contracts/index.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyNotice } from '../../components/EmptyNotice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { formatCalendarDate, locationOf, priorityColors, priorityLabels } from './labels.ts';
import { usePermission } from '../../lib/session.ts';
import {
  noWorkOrderFilters,
  useAssignableUsers,
  useWorkOrderList,
  type WorkOrderFilters,
} from './workOrders.api.ts';

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  return value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function filtersFromParams(params: URLSearchParams): WorkOrderFilters {
  return {
    q: params.get('q') ?? '',
    status: listOf<WorkOrderStatus>(params.get('status'), workOrderStatuses),
    kind: listOf<WorkOrderKind>(params.get('kind'), workOrderKinds),
    assignee: params.get('assignee') ?? '',
    siteId: params.get('siteId') ?? '',
    overdue: params.get('overdue') === 'true',
  };
}

export function paramsFromFilters(filters: WorkOrderFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status.length > 0) params.set('status', filters.status.join(','));
  if (filters.kind.length > 0) params.set('kind', filters.kind.join(','));
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.siteId) params.set('siteId', filters.siteId);
  if (filters.overdue) params.set('overdue', 'true');
  return params;
}

function useSites() {
  return useQuery({
    queryKey: ['sites', 'all'],
    queryFn: () => api.get('/api/v1/sites', pageOf(Site), { limit: 200 }),
    staleTime: 5 * 60_000,
  });
}

const columns: Column<WorkOrder>[] = [
  {
    key: 'number',
    header: 'Number',
    nowrap: true,
    render: (wo) => (
      <Anchor component={Link} to={`/work-orders/${wo.id}`}>
        {wo.number}
      </Anchor>
    ),
  },
  { key: 'title', header: 'Title', render: (wo) => wo.title },
  {
    key: 'device',
    header: 'Device',
    nowrap: true,
    render: (wo) => (
      <Anchor component={Link} to={`/inventory/devices/${wo.device.id}`}>
        {wo.device.assetTag}
      </Anchor>
    ),
  },
  { key: 'kind', header: 'Kind', render: (wo) => workOrderKindLabels[wo.kind], visibleFrom: 'sm' },
  {
    key: 'status',
    header: 'Status',
    nowrap: true,
    render: (wo) => (
      <Group gap={4} wrap="nowrap">
        <span>{workOrderStatusLabels[wo.status]}</span>
        {wo.overdue ? (
          <Badge color="red" variant="light" size="sm">
            Overdue
          </Badge>
        ) : null}
      </Group>
    ),
  },
  {
    key: 'priority',
    header: 'Priority',
    render: (wo) => (
      <Badge color={priorityColors[wo.priority]} variant="light">
        {priorityLabels[wo.priority]}
      </Badge>
    ),
    visibleFrom: 'sm',
  },
  { key: 'due', header: 'Due', nowrap: true, render: (wo) => formatCalendarDate(wo.dueDate) },
  {
    key: 'assignee',
    header: 'Assigned to',
    render: (wo) => wo.assignedUserName ?? wo.assignedTeam ?? wo.assignedVendor ?? '—',
    visibleFrom: 'md',
  },
  { key: 'location', header: 'Location', render: (wo) => locationOf(wo.device), visibleFrom: 'lg' },
];

/** Every work order the caller may see, with filters kept in the address. */
export function WorkOrderListPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const update = (patch: Partial<WorkOrderFilters>) =>
    setParams((prev) => paramsFromFilters({ ...filtersFromParams(prev), ...patch }), { replace: true });
  const { items, tableState } = useWorkOrderList(filters);
  const sites = useSites();
  // People to filter by need users.read; without it the choice is "Anyone" or "Me".
  const users = useAssignableUsers(usePermission('users.read'));
  const people = users.data?.items ?? [];
  const [text, setText] = useState(filters.q);
  const applyText = useDebouncedCallback((q: string) => update({ q }), 400);
  useEffect(() => setText(filters.q), [filters.q]);

  return (
    <>
      <PageHeader
        title="Work orders"
        description="Preventive, corrective and other work on the devices you may see."
        actions={
          <Button component={Link} to="/my-work" variant="default">
            My work
          </Button>
        }
      />
      <Paper withBorder p="sm" radius="md" mb="md" role="search" aria-label="Work order filters">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <TextInput
            label="Search"
            placeholder="Number, title, asset tag or serial"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              applyText(e.currentTarget.value);
            }}
          />
          <MultiSelect
            label="Status"
            data={workOrderStatuses.map((s) => ({ value: s, label: workOrderStatusLabels[s] }))}
            value={filters.status}
            onChange={(v) => update({ status: v })}
            clearable
          />
          <MultiSelect
            label="Kind"
            data={workOrderKinds.map((k) => ({ value: k, label: workOrderKindLabels[k] }))}
            value={filters.kind}
            onChange={(v) => update({ kind: v })}
            clearable
          />
          <NativeSelect
            label="Assigned to"
            data={[
              { value: '', label: 'Anyone' },
              { value: 'me', label: 'Me' },
              ...people.map((u) => ({ value: u.id, label: u.displayName })),
              ...(filters.assignee !== '' &&
              filters.assignee !== 'me' &&
              !people.some((u) => u.id === filters.assignee)
                ? [{ value: filters.assignee, label: 'Someone else' }]
                : []),
            ]}
            value={filters.assignee}
            onChange={(e) => update({ assignee: e.currentTarget.value })}
          />
          <NativeSelect
            label="Site"
            data={[
              { value: '', label: 'All sites' },
              ...(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            value={filters.siteId}
            onChange={(e) => update({ siteId: e.currentTarget.value })}
          />
          <Group align="flex-end" justify="space-between">
            <Checkbox
              label="Overdue only"
              checked={filters.overdue}
              onChange={(e) => update({ overdue: e.currentTarget.checked })}
            />
            <Button
              variant="subtle"
              onClick={() => setParams(paramsFromFilters(noWorkOrderFilters), { replace: true })}
            >
              Clear filters
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      <DataTable
        caption="Work orders"
        columns={columns}
        rows={items}
        rowKey={(wo) => wo.id}
        {...tableState}
        minWidth={560}
        empty={
          <EmptyNotice
            icon={<IconClipboardList size={22} />}
            title="No work orders match"
            description="Change the filters, or request a repair from a device's page."
          />
        }
      />
    </>
  );
}
