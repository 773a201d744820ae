import { Badge, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RoleList, type RoleInfo } from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { api } from '../../../lib/api.ts';

const columns: Column<RoleInfo>[] = [
  {
    key: 'role',
    header: 'Role',
    render: (r) => (
      <div>
        <Text size="sm" fw={500}>
          {r.label}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {r.role}
        </Text>
      </div>
    ),
  },
  {
    key: 'permissions',
    header: 'Permissions',
    render: (r) =>
      r.permissions.length === 0 ? (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ) : (
        <Group gap={4}>
          {r.permissions.map((p) => (
            <Badge key={p} variant="light" color="gray" tt="none">
              {p}
            </Badge>
          ))}
        </Group>
      ),
  },
];

/** Read-only: roles and their permissions are defined by OpenHTM, not edited here. */
export function RolesPage() {
  const roles = useQuery({
    queryKey: ['roles'],
    queryFn: () => api.get('/api/v1/roles', RoleList),
    staleTime: 300_000,
  });
  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do. Roles are part of OpenHTM; assign them to people on the Users page."
      />
      <DataTable
        caption="Roles and their permissions"
        columns={columns}
        rows={roles.data?.items}
        rowKey={(r) => r.role}
        isLoading={roles.isPending}
        error={roles.error}
        onRetry={() => void roles.refetch()}
        minWidth={520}
      />
    </>
  );
}
