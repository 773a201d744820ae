import { useState } from 'react';
import { Badge, Button, Group, NativeSelect, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconBuildingHospital, IconPlus, IconSearch } from '@tabler/icons-react';
import type { Site } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { activeOptions, siteKindLabels } from '../shared/options.ts';
import { CreateSiteModal } from './CreateSiteModal.tsx';
import { SiteEditDrawer } from './SiteEditDrawer.tsx';
import { useSiteList, type SiteFilters } from './sites.api.ts';

function columns(onOpen: (site: Site) => void, canManage: boolean): Column<Site>[] {
  return [
    {
      key: 'name',
      header: 'Name',
      render: (s) => (
        <div>
          <Text size="sm" fw={500}>
            {s.name}
          </Text>
          <Text size="xs" c="dimmed">
            {s.code}
          </Text>
        </div>
      ),
    },
    { key: 'kind', header: 'Kind', render: (s) => siteKindLabels[s.kind] },
    { key: 'tz', header: 'Time zone', render: (s) => s.timeZone, visibleFrom: 'sm' },
    { key: 'address', header: 'Address', render: (s) => s.address || '—', visibleFrom: 'lg' },
    {
      key: 'status',
      header: 'Status',
      render: (s) => (
        <Badge variant="light" color={s.active ? 'teal' : 'gray'}>
          {s.active ? 'Active' : 'Inactive'}
        </Badge>
      ),
    },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (s) =>
        canManage ? (
          <Button size="xs" variant="default" onClick={() => onOpen(s)} aria-label={`Edit ${s.name}`}>
            Edit
          </Button>
        ) : null,
    },
  ];
}

export function SitesPage() {
  const canManage = usePermission('sites.manage');
  const [filters, setFilters] = useState<SiteFilters>({ q: '', active: 'true' });
  const [debouncedQ] = useDebouncedValue(filters.q.trim(), 300);
  const { items, tableState } = useSiteList({ ...filters, q: debouncedQ });
  const [creating, createHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<Site | null>(null);

  return (
    <>
      <PageHeader
        title="Sites"
        description="Hospitals, clinics and depots of your organization. Sites are deactivated, never deleted."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createHandlers.open}>
              New site
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm">
        <TextInput
          label="Search sites"
          placeholder="Name or code"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
          style={{ flex: '1 1 14rem' }}
        />
        <NativeSelect
          label="Status"
          data={activeOptions}
          value={filters.active}
          onChange={(e) => setFilters({ ...filters, active: e.currentTarget.value as SiteFilters['active'] })}
        />
      </Group>
      <DataTable
        caption="Sites"
        columns={columns(setEditing, canManage)}
        rows={items}
        rowKey={(s) => s.id}
        {...tableState}
        empty={
          <EmptyNotice
            icon={<IconBuildingHospital size={22} />}
            title="No sites match"
            description={
              canManage
                ? 'Add your first site with "New site", or change the filters.'
                : 'Change the filters.'
            }
          />
        }
      />
      <CreateSiteModal opened={creating} onClose={createHandlers.close} />
      <SiteEditDrawer site={editing} onClose={() => setEditing(null)} />
    </>
  );
}
