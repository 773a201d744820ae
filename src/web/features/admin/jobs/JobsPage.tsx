import { useState } from 'react';
import { Badge, NativeSelect, Progress, Text } from '@mantine/core';
import { Job, jobStatuses } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { formatDateTime, formatPercent } from '../../../lib/format.ts';
import { usePagedList } from '../../../lib/paging.ts';

type JobStatus = (typeof jobStatuses)[number];

const statusColor: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'orange',
  dead: 'red',
};

const columns: Column<Job>[] = [
  {
    key: 'name',
    header: 'Job',
    render: (j) => (
      <Text size="sm" ff="monospace">
        {j.name}
      </Text>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    render: (j) => (
      <Badge variant="light" color={statusColor[j.status]}>
        {j.status}
      </Badge>
    ),
  },
  {
    key: 'progress',
    header: 'Progress',
    visibleFrom: 'sm',
    render: (j) =>
      j.progress === null ? (
        '—'
      ) : (
        <Progress
          value={j.progress * 100}
          size="sm"
          aria-label={`Progress ${formatPercent(j.progress)}`}
          w={100}
        />
      ),
  },
  {
    key: 'attempts',
    header: 'Attempts',
    render: (j) => `${j.attempts} / ${j.maxAttempts}`,
    visibleFrom: 'md',
  },
  { key: 'runAt', header: 'Run at', render: (j) => formatDateTime(j.runAt), nowrap: true },
  {
    key: 'finished',
    header: 'Finished',
    render: (j) => formatDateTime(j.finishedAt),
    nowrap: true,
    visibleFrom: 'md',
  },
  {
    key: 'error',
    header: 'Last error',
    visibleFrom: 'lg',
    render: (j) =>
      j.lastError ? (
        <Text size="xs" c="red.8" lineClamp={2} title={j.lastError}>
          {j.lastError}
        </Text>
      ) : (
        '—'
      ),
  },
];

export function JobsPage() {
  const [status, setStatus] = useState<JobStatus | ''>('');
  const { items, tableState } = usePagedList(
    ['jobs', 'list'],
    '/api/v1/jobs',
    Job,
    { limit: 50, status },
    { staleTime: 0 },
  );
  return (
    <>
      <PageHeader
        title="Background jobs"
        description="Work the server does in the background: imports, reports, reminders."
      />
      <NativeSelect
        label="Status"
        data={[{ value: '', label: 'All' }, ...jobStatuses.map((s) => ({ value: s, label: s }))]}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as JobStatus | '')}
        maw={220}
        mb="md"
      />
      <DataTable
        caption="Background jobs"
        columns={columns}
        rows={items}
        rowKey={(j) => j.id}
        {...tableState}
        empty={<EmptyNotice title="No jobs" description="Nothing has run with this status yet." />}
      />
    </>
  );
}
