import { useState } from 'react';
import { Anchor, Badge, Button, NativeSelect, Group, Tabs, Text, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { aemAssessmentStatuses, type AemAssessment } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { describeInterval, formatCalendarDate } from '../shared/interval.ts';
import { useAemAssessments, useAemProgram, useAemReviewsDue } from './aem.api.ts';
import { AemDetail, aemStatusColors, aemTarget } from './AemDetail.tsx';
import { AemEditor } from './AemEditor.tsx';

function assessmentColumns(onOpen: (a: AemAssessment) => void): Column<AemAssessment>[] {
  return [
    {
      key: 'target',
      header: 'For',
      render: (a) => (
        <div>
          <Text size="sm" fw={500}>
            {aemTarget(a)}
          </Text>
          <Text size="xs" c="dimmed">
            {a.model ? 'Model' : 'Device type'}
          </Text>
        </div>
      ),
    },
    {
      key: 'intervals',
      header: 'OEM → AEM',
      render: (a) => `${describeInterval(a.oemInterval)} → ${describeInterval(a.aemInterval)}`,
    },
    {
      key: 'status',
      header: 'Status',
      render: (a) => <Badge color={aemStatusColors[a.status]}>{a.status}</Badge>,
    },
    { key: 'review', header: 'Review due', nowrap: true, render: (a) => formatCalendarDate(a.reviewDue) },
    {
      key: 'open',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (a) => (
        <Button size="xs" variant="default" onClick={() => onOpen(a)} aria-label={`Open ${aemTarget(a)}`}>
          Open
        </Button>
      ),
    },
  ];
}

function Assessments({ onOpen }: { onOpen: (a: AemAssessment) => void }) {
  const [status, setStatus] = useState<(typeof aemAssessmentStatuses)[number] | ''>('');
  const { items, tableState } = useAemAssessments(status);
  return (
    <>
      <Group mb="md">
        <NativeSelect
          label="Status"
          data={[
            { value: '', label: 'Any status' },
            ...aemAssessmentStatuses.map((s) => ({ value: s, label: s })),
          ]}
          value={status}
          onChange={(e) => setStatus(aemAssessmentStatuses.find((s) => s === e.currentTarget.value) ?? '')}
        />
      </Group>
      <DataTable
        caption="AEM assessments"
        columns={assessmentColumns(onOpen)}
        rows={items}
        rowKey={(a) => a.id}
        {...tableState}
        empty={<EmptyNotice title="No AEM assessment" description="Start one with “New assessment”." />}
      />
    </>
  );
}

function ReviewsDue({ onOpen }: { onOpen: (a: AemAssessment) => void }) {
  const [within, setWithin] = useState('P30D');
  const due = useAemReviewsDue(within, true);
  return (
    <>
      <Group mb="md">
        <NativeSelect
          label="Due within"
          data={[
            { value: 'P30D', label: '30 days' },
            { value: 'P90D', label: '90 days' },
            { value: 'P1Y', label: 'A year' },
          ]}
          value={within}
          onChange={(e) => setWithin(e.currentTarget.value)}
        />
      </Group>
      <DataTable
        caption="AEM reviews due"
        columns={assessmentColumns(onOpen)}
        rows={due.data?.items}
        isLoading={due.isPending}
        error={due.error}
        onRetry={() => void due.refetch()}
        rowKey={(a) => a.id}
        empty={<EmptyNotice title="No review due" description="No approved assessment is due for review." />}
      />
    </>
  );
}

function Program() {
  const program = useAemProgram(true);
  return (
    <DataTable
      caption="Devices in the AEM program"
      rows={program.data?.items}
      isLoading={program.isPending}
      error={program.error}
      onRetry={() => void program.refetch()}
      rowKey={(e) => e.device.id}
      empty={<EmptyNotice title="No device is on AEM" description="No device has an AEM strategy." />}
      columns={[
        {
          key: 'device',
          header: 'Device',
          render: (e) => (
            <Anchor component={Link} to={`/maintenance/devices/${e.device.id}`} size="sm">
              {e.device.assetTag}
            </Anchor>
          ),
        },
        {
          key: 'model',
          header: 'Model',
          render: (e) => `${e.device.model.name} ${e.device.model.modelNumber}`,
        },
        { key: 'site', header: 'Site', visibleFrom: 'sm', render: (e) => e.device.site.name },
        {
          key: 'source',
          header: 'Strategy set on',
          visibleFrom: 'md',
          render: (e) => ({ device: 'Device', model: 'Model', device_type: 'Device type' })[e.strategySource],
        },
        {
          key: 'assessment',
          header: 'Assessment',
          render: (e) =>
            e.assessment ? (
              `${describeInterval(e.assessment.aemInterval)} · review ${formatCalendarDate(e.assessment.reviewDue)}`
            ) : (
              <Badge color="red" variant="light">
                No approved assessment
              </Badge>
            ),
        },
      ]}
    />
  );
}

/** The AEM program: assessments and their approval, reviews that fall due, and the devices on AEM. */
export function AemPage() {
  const canManage = usePermission('maintenance.manage');
  const [params, setParams] = useSearchParams();
  const tab = params.get('view') ?? 'assessments';
  const [open, setOpen] = useState<AemAssessment | 'new' | null>(null);
  const current = open === 'new' ? null : open;
  return (
    <>
      <PageHeader
        title="AEM program"
        description="Alternate equipment management: assessments against the manufacturer's tasks and frequency, approved by a qualified person and reviewed on schedule (CMS S&C 14-07; TJC EC.02.04.01 EP4–EP7)."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen('new')}>
              New assessment
            </Button>
          ) : null
        }
      />
      <Tabs value={tab} onChange={(v) => setParams(v ? { view: v } : {}, { replace: true })}>
        <Tabs.List mb="md">
          <Tabs.Tab value="assessments">Assessments</Tabs.Tab>
          <Tabs.Tab value="reviews">Reviews due</Tabs.Tab>
          <Tabs.Tab value="program">Devices on AEM</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="assessments">
          {tab === 'assessments' ? <Assessments onOpen={setOpen} /> : null}
        </Tabs.Panel>
        <Tabs.Panel value="reviews">{tab === 'reviews' ? <ReviewsDue onOpen={setOpen} /> : null}</Tabs.Panel>
        <Tabs.Panel value="program">{tab === 'program' ? <Program /> : null}</Tabs.Panel>
      </Tabs>
      <SidePanel
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={current ? `AEM assessment: ${aemTarget(current)}` : 'New AEM assessment'}
        size="xl"
      >
        {open === 'new' ? (
          <AemEditor assessment={null} onDone={() => setOpen(null)} />
        ) : current ? (
          <AemDetail key={current.id} initial={current} canManage={canManage} />
        ) : null}
      </SidePanel>
    </>
  );
}
