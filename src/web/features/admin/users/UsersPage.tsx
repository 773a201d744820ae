import { useState } from 'react';
import { Badge, Button, Group, NativeSelect, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { roleLabels, type Role, type User } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { activeOptions, roleOptions } from '../shared/options.ts';
import { useSiteOptions } from '../sites/sites.api.ts';
import { CreateUserModal } from './CreateUserModal.tsx';
import { UserEditDrawer } from './UserEditDrawer.tsx';
import { useUserList, type UserFilters } from './users.api.ts';

function useColumns(onOpen: (user: User) => void, canManage: boolean): Column<User>[] {
  const sites = useSiteOptions();
  const siteName = (id: string) => sites.data?.items.find((s) => s.id === id)?.code ?? 'unknown site';
  return [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <div>
          <Text size="sm" fw={500}>
            {u.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </div>
      ),
    },
    { key: 'role', header: 'Role', render: (u) => roleLabels[u.role] },
    {
      key: 'sites',
      header: 'Sites',
      visibleFrom: 'md',
      render: (u) => (u.allSites ? 'All sites' : u.siteIds.map(siteName).join(', ') || 'None'),
    },
    {
      key: 'status',
      header: 'Status',
      render: (u) => (
        <Group gap={4}>
          <Badge variant="light" color={u.active ? 'teal' : 'gray'}>
            {u.active ? 'Active' : 'Inactive'}
          </Badge>
          {u.mfaEnabled ? (
            <Badge variant="outline" color="teal">
              MFA
            </Badge>
          ) : null}
          {u.qualified ? (
            <Badge variant="outline" color="blue">
              Qualified
            </Badge>
          ) : null}
        </Group>
      ),
    },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      render: (u) => (
        <Button
          size="xs"
          variant="default"
          onClick={() => onOpen(u)}
          aria-label={`${canManage ? 'Edit' : 'View'} ${u.email}`}
        >
          {canManage ? 'Edit' : 'View'}
        </Button>
      ),
    },
  ];
}

export function UsersPage() {
  const canManage = usePermission('users.manage');
  const [filters, setFilters] = useState<UserFilters>({ q: '', role: '', active: 'true' });
  const [debouncedQ] = useDebouncedValue(filters.q.trim(), 300);
  const { items, tableState } = useUserList({ ...filters, q: debouncedQ });
  const [creating, createHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<User | null>(null);
  const columns = useColumns(setEditing, canManage);

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in, their role and the sites they work on."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createHandlers.open}>
              New user
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm">
        <TextInput
          label="Search users"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
          style={{ flex: '1 1 14rem' }}
        />
        <NativeSelect
          label="Show"
          data={[{ value: '', label: 'All roles' }, ...roleOptions]}
          value={filters.role}
          onChange={(e) => setFilters({ ...filters, role: e.currentTarget.value as Role | '' })}
        />
        <NativeSelect
          label="Status"
          data={activeOptions}
          value={filters.active}
          onChange={(e) => setFilters({ ...filters, active: e.currentTarget.value as UserFilters['active'] })}
        />
      </Group>
      <DataTable
        caption="Users"
        columns={columns}
        rows={items}
        rowKey={(u) => u.id}
        {...tableState}
        empty={<EmptyNotice title="No users match" description="Change the search or the filters." />}
      />
      <CreateUserModal opened={creating} onClose={createHandlers.close} />
      <UserEditDrawer user={editing} onClose={() => setEditing(null)} />
    </>
  );
}
