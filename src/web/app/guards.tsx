import type { ReactNode } from 'react';
import { Center, Loader, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '../../contracts/index.ts';
import { EmptyNotice } from '../components/EmptyNotice.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { isApiError } from '../lib/api.ts';
import { hasPermission, useMe } from '../lib/session.ts';

/** Renders the signed-in area once /auth/me answers; a 401 sends the person to /sign-in and back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (isApiError(me.error) && me.error.status === 401) {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  if (me.data) return <Outlet />;
  if (me.isError) {
    return (
      <Center p="xl">
        <ErrorAlert
          error={me.error}
          title="OpenHTM could not load your session"
          onRetry={() => void me.refetch()}
        />
      </Center>
    );
  }
  return (
    <Center h="100vh" role="status">
      <Loader aria-hidden />
      <Text ml="sm">Loading OpenHTM…</Text>
    </Center>
  );
}

/** Shows the page only to people holding the permission (the server enforces it regardless). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  if (hasPermission(me.data, permission)) return <>{children}</>;
  return (
    <EmptyNotice
      icon={<IconLock size={22} />}
      title="You do not have access to this page"
      description={`It needs the "${permission}" permission. Ask an administrator if you need it.`}
    />
  );
}
