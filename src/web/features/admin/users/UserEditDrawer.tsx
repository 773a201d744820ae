import { useState } from 'react';
import { Badge, Divider, Group, Stack, Text } from '@mantine/core';
import type { User } from '../../../../contracts/index.ts';
import { SidePanel } from '../../../components/Overlays.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { usePermission, useSignedInMe } from '../../../lib/session.ts';
import { EditUserForm } from './EditUserForm.tsx';
import { EndSessionsSection, ResetPasswordForm } from './UserAccountActions.tsx';
import { useUser } from './users.api.ts';

function UserEditor({ initial, onClose }: { initial: User; onClose: () => void }) {
  const me = useSignedInMe();
  const canManage = usePermission('users.manage');
  const { data: user, refetch, isFetching } = useUser(initial.id, initial);
  // The form starts again from the server's latest version only when the person asks to reload.
  const [reloads, setReloads] = useState(0);
  const reload = async () => {
    await refetch();
    setReloads((n) => n + 1);
  };
  const isSelf = me.user.id === user.id;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text fw={500}>{user.email}</Text>
        <Group gap="xs">
          <Badge variant="light" color={user.active ? 'teal' : 'gray'}>
            {user.active ? 'Active' : 'Inactive'}
          </Badge>
          <Badge variant="light" color={user.mfaEnabled ? 'teal' : 'yellow'}>
            {user.mfaEnabled ? 'MFA on' : 'MFA off'}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Created {formatDateTime(user.createdAt)} · last changed {formatDateTime(user.updatedAt)}
        </Text>
      </Stack>
      <EditUserForm
        key={reloads}
        user={user}
        readOnly={!canManage}
        isSelf={isSelf}
        onSaved={onClose}
        onReload={() => void reload()}
        reloading={isFetching}
      />
      {canManage ? (
        <>
          <Divider />
          <ResetPasswordForm userId={user.id} />
          <Divider />
          <EndSessionsSection userId={user.id} isSelf={isSelf} />
        </>
      ) : null}
    </Stack>
  );
}

export function UserEditDrawer({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <SidePanel opened={user !== null} onClose={onClose} title={user ? user.displayName : 'User'} size="lg">
      {user ? <UserEditor key={user.id} initial={user} onClose={onClose} /> : null}
    </SidePanel>
  );
}
