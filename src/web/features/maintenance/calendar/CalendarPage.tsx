import { useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCalendarMonth, IconChevronLeft, IconChevronRight, IconPlayerPlay } from '@tabler/icons-react';
import { DateTime } from 'luxon';
import { Link, useSearchParams } from 'react-router';
import { forecastGroupings, type WorkOrder } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { currentMonth, monthLabel, monthRange, shiftMonth } from '../shared/calendar.ts';
import { MonthCalendar } from '../shared/MonthCalendar.tsx';
import { useTechnicians } from '../maintenance.api.ts';
import { useBulkAssign, useForecast, useRunSchedule, useScheduledWork } from './calendar.api.ts';

const groupLabels: Record<(typeof forecastGroupings)[number], string> = {
  site: 'Site',
  shop: 'Shop',
  technician: 'Technician',
  month: 'Month',
};

const hours = (h: number) => h.toLocaleString(undefined, { maximumFractionDigits: 1 });

function validMonth(value: string | null): string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : currentMonth();
}

function RunScheduleButton() {
  const run = useRunSchedule();
  return (
    <Stack gap={4} align="flex-end">
      <Button
        leftSection={<IconPlayerPlay size={16} aria-hidden />}
        loading={run.isPending}
        onClick={() => run.mutate()}
      >
        Run schedule now
      </Button>
      {run.data ? (
        <Text size="xs" role="status">
          Scheduled through {run.data.through}: {run.data.created} created, {run.data.cancelled} cancelled,{' '}
          {run.data.held} held.
        </Text>
      ) : null}
      {run.error ? <ErrorAlert error={run.error} /> : null}
    </Stack>
  );
}

function entryLabel(wo: WorkOrder): string {
  return `${wo.number} ${wo.device.assetTag}`;
}

function CalendarTab({ month, setMonth }: { month: string; setMonth: (m: string) => void }) {
  const canAssign = usePermission('work-orders.manage');
  const range = monthRange(month);
  const work = useScheduledWork(range, '');
  const technicians = useTechnicians(canAssign);
  const assign = useBulkAssign();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [technician, setTechnician] = useState('');
  const items = work.data?.items ?? [];
  const entries = items.flatMap((wo) => (wo.dueDate ? [{ ...wo, date: wo.dueDate }] : []));

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const onAssign = () => {
    const chosen = items.filter((wo) => selected.has(wo.id));
    assign.mutate(
      { items: chosen.map((wo) => ({ id: wo.id, version: wo.version })), assignedUserId: technician },
      { onSuccess: () => setSelected(new Set()) },
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            onClick={() => setMonth(shiftMonth(month, -1))}
            aria-label="Previous month"
          >
            <IconChevronLeft size={16} aria-hidden />
          </Button>
          <Text fw={600} aria-live="polite">
            {monthLabel(month)}
          </Text>
          <Button
            variant="default"
            size="xs"
            onClick={() => setMonth(shiftMonth(month, 1))}
            aria-label="Next month"
          >
            <IconChevronRight size={16} aria-hidden />
          </Button>
          <Button variant="subtle" size="xs" onClick={() => setMonth(currentMonth())}>
            This month
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {items.length} open work orders due
        </Text>
      </Group>
      {canAssign ? (
        <Paper withBorder p="sm" radius="md" component="section" aria-label="Assign selected work">
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label="Technician"
              data={[
                { value: '', label: technicians.isPending ? 'Loading…' : 'Choose a technician' },
                ...(technicians.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName })),
              ]}
              value={technician}
              onChange={(e) => setTechnician(e.currentTarget.value)}
              style={{ flex: '1 1 12rem' }}
            />
            <Button
              disabled={selected.size === 0 || technician === ''}
              loading={assign.isPending}
              onClick={onAssign}
            >
              Assign {selected.size} selected
            </Button>
            {selected.size > 0 ? (
              <Button variant="subtle" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            ) : null}
          </Group>
          {assign.data ? (
            <Text size="sm" mt="xs" role="status">
              Assigned {assign.data.items.length} work orders to{' '}
              {assign.data.items[0]?.assignedUserName ?? 'the technician'}.
            </Text>
          ) : null}
          {technicians.error ? (
            <ErrorAlert error={technicians.error} title="Technicians could not be listed" />
          ) : null}
          {assign.error ? <ErrorAlert error={assign.error} title="Nothing was assigned" /> : null}
        </Paper>
      ) : null}
      {work.error ? <ErrorAlert error={work.error} onRetry={() => void work.refetch()} /> : null}
      {work.data?.truncated ? (
        <Alert color="yellow" variant="light">
          Only the first {items.length} work orders of the month are shown; filter the work order list for the
          rest.
        </Alert>
      ) : null}
      <MonthCalendar
        month={month}
        entries={entries}
        renderEntry={(wo) => (
          <Group gap={4} wrap="nowrap" align="flex-start">
            {canAssign ? (
              <Checkbox
                size="xs"
                mt={2}
                checked={selected.has(wo.id)}
                onChange={(e) => toggle(wo.id, e.currentTarget.checked)}
                aria-label={`Select ${entryLabel(wo)}`}
              />
            ) : null}
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/work-orders/${wo.id}`} size="xs" fw={500}>
                {entryLabel(wo)}
              </Anchor>
              <Text size="xs" c={wo.overdue ? 'red' : 'dimmed'} truncate>
                {wo.assignedUserName ?? 'Unassigned'}
                {wo.overdue ? ' · overdue' : ''}
              </Text>
            </div>
          </Group>
        )}
      />
    </Stack>
  );
}

function WorkloadTab() {
  const start = DateTime.local().startOf('month');
  const [from, setFrom] = useState(start.toISODate() ?? '');
  const [to, setTo] = useState(start.plus({ months: 3 }).minus({ days: 1 }).toISODate() ?? '');
  const [groupBy, setGroupBy] = useState<(typeof forecastGroupings)[number]>('month');
  const forecast = useForecast({ from, to, groupBy });
  const f = forecast.data;
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm">
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="forecast-group-label">
            Group by
          </Text>
          <SegmentedControl
            aria-labelledby="forecast-group-label"
            data={forecastGroupings.map((g) => ({ value: g, label: groupLabels[g] }))}
            value={groupBy}
            onChange={(v) => setGroupBy(forecastGroupings.find((g) => g === v) ?? 'month')}
          />
        </Stack>
      </Group>
      {forecast.error ? <ErrorAlert error={forecast.error} onRetry={() => void forecast.refetch()} /> : null}
      {f ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-label={`Workload by ${groupLabels[f.groupBy].toLowerCase()}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{groupLabels[f.groupBy]}</Table.Th>
                  <Table.Th scope="col">Scheduled</Table.Th>
                  <Table.Th scope="col">Scheduled hours</Table.Th>
                  <Table.Th scope="col">Projected</Table.Th>
                  <Table.Th scope="col">Projected hours</Table.Th>
                  <Table.Th scope="col">Total hours</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {f.rows.map((r) => (
                  <Table.Tr key={r.key ?? 'none'}>
                    <Table.Td>{r.label}</Table.Td>
                    <Table.Td>{r.scheduledCount}</Table.Td>
                    <Table.Td>{hours(r.scheduledHours)}</Table.Td>
                    <Table.Td>{r.projectedCount}</Table.Td>
                    <Table.Td>{hours(r.projectedHours)}</Table.Td>
                    <Table.Td fw={600}>{hours(r.totalHours)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">Total</Table.Th>
                  <Table.Td>{f.totals.scheduledCount}</Table.Td>
                  <Table.Td>{hours(f.totals.scheduledHours)}</Table.Td>
                  <Table.Td>{f.totals.projectedCount}</Table.Td>
                  <Table.Td>{hours(f.totals.projectedHours)}</Table.Td>
                  <Table.Td fw={700}>{hours(f.totals.scheduledHours + f.totals.projectedHours)}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : forecast.isFetching ? (
        <Text size="sm">Loading…</Text>
      ) : null}
      <Text size="xs" c="dimmed">
        Scheduled: open preventive work already generated. Projected: plan occurrences beyond the scheduling
        horizon, estimated from each plan&apos;s estimated hours.
      </Text>
    </Stack>
  );
}

/** The month calendar of scheduled work with bulk assignment, and the workload forecast. */
export function CalendarPage() {
  const canRun = usePermission('schedule.run');
  const [params, setParams] = useSearchParams();
  const month = validMonth(params.get('month'));
  const tab = params.get('view') === 'workload' ? 'workload' : 'calendar';
  const set = (next: { month?: string; view?: string }) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) p.set(k, v);
        return p;
      },
      { replace: true },
    );
  return (
    <>
      <PageHeader
        title="Calendar and workload"
        description="Open work by due date, assignment of several work orders at once, and the hours ahead by site, shop, technician and month."
        actions={canRun ? <RunScheduleButton /> : null}
      />
      <Tabs value={tab} onChange={(v) => set({ view: v === 'workload' ? 'workload' : 'calendar' })}>
        <Tabs.List mb="md">
          <Tabs.Tab value="calendar" leftSection={<IconCalendarMonth size={16} aria-hidden />}>
            Calendar
          </Tabs.Tab>
          <Tabs.Tab value="workload">Workload</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calendar">
          {tab === 'calendar' ? <CalendarTab month={month} setMonth={(m) => set({ month: m })} /> : null}
        </Tabs.Panel>
        <Tabs.Panel value="workload">{tab === 'workload' ? <WorkloadTab /> : null}</Tabs.Panel>
      </Tabs>
    </>
  );
}
