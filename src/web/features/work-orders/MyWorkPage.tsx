import { useState } from 'react';
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconChecklist, IconList } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import type { WorkOrder } from '../../../contracts/index.ts';
import { EmptyNotice } from '../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { WorkOrderCard } from './WorkOrderCard.tsx';
import { formatCalendarDate } from './labels.ts';
import { sendWrite, useMyWork } from './workOrders.api.ts';

export interface LocationGroup {
  key: string;
  site: string;
  place: string;
  items: WorkOrder[];
}

/** Work grouped by where it is: site, then building / floor / room, in walking order; input order kept inside. */
export function groupByLocation(items: readonly WorkOrder[]): LocationGroup[] {
  const groups = new Map<string, LocationGroup>();
  for (const wo of items) {
    const d = wo.device;
    const place =
      [d.building, d.floor ? `Floor ${d.floor}` : null, d.room ? `Room ${d.room}` : null]
        .filter((p): p is string => p !== null && p !== '')
        .join(' · ') || 'No room recorded';
    const key = `${d.siteName}\u0000${place}`;
    const group = groups.get(key) ?? { key, site: d.siteName, place, items: [] };
    group.items.push(wo);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => a.site.localeCompare(b.site) || a.place.localeCompare(b.place, undefined, { numeric: true }),
  );
}

function Bucket({
  id,
  title,
  items,
  onStart,
  starting,
}: {
  id: string;
  title: string;
  items: readonly WorkOrder[];
  onStart: (wo: WorkOrder) => void;
  starting: string | null;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="xs">
        {title} ({items.length})
      </Title>
      <Stack gap="md">
        {groupByLocation(items).map((group) => (
          <Stack key={group.key} gap={6}>
            <Text size="sm" fw={600} c="dimmed">
              {group.site} · {group.place}
            </Text>
            {group.items.map((wo) => (
              <WorkOrderCard key={wo.id} workOrder={wo} onStart={onStart} starting={starting === wo.id} />
            ))}
          </Stack>
        ))}
      </Stack>
    </section>
  );
}

/** A technician's day: overdue, due today, upcoming and unscheduled work, by location. Phone first. */
export function MyWorkPage() {
  const navigate = useNavigate();
  const myWork = useMyWork();
  const [starting, setStarting] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);

  const onStart = (wo: WorkOrder) => {
    setStarting(wo.id);
    setStartError(null);
    sendWrite(wo.id, { action: 'start', body: { version: wo.version } })
      .then(() => navigate(`/work-orders/${wo.id}`))
      .catch((error: unknown) => {
        setStartError(error);
        void myWork.refetch();
      })
      .finally(() => setStarting(null));
  };

  const data = myWork.data;
  const total = data
    ? data.overdue.length + data.dueToday.length + data.upcoming.length + data.unscheduled.length
    : 0;
  return (
    <>
      <PageHeader
        title="My work"
        description={data ? `Work assigned to you · today is ${formatCalendarDate(data.today)}` : undefined}
        actions={
          <Button component={Link} to="/work-orders" variant="default" leftSection={<IconList size={16} />}>
            All work orders
          </Button>
        }
      />
      {startError ? <ErrorAlert error={startError} title="The work could not be started" /> : null}
      {myWork.error ? (
        <ErrorAlert error={myWork.error} onRetry={() => void myWork.refetch()} />
      ) : !data ? (
        <Center py="xl" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed" ml="sm">
            Loading your work…
          </Text>
        </Center>
      ) : total === 0 ? (
        <EmptyNotice
          icon={<IconChecklist size={22} />}
          title="Nothing assigned to you"
          description="Work assigned to you appears here: overdue first, then today, then the next days."
        />
      ) : (
        <Stack gap="xl">
          <Bucket
            id="my-overdue"
            title="Overdue"
            items={data.overdue}
            onStart={onStart}
            starting={starting}
          />
          <Bucket id="my-today" title="Today" items={data.dueToday} onStart={onStart} starting={starting} />
          <Bucket
            id="my-upcoming"
            title="Upcoming"
            items={data.upcoming}
            onStart={onStart}
            starting={starting}
          />
          <Bucket
            id="my-unscheduled"
            title="Requests without a due date"
            items={data.unscheduled}
            onStart={onStart}
            starting={starting}
          />
        </Stack>
      )}
    </>
  );
}
