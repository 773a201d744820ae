import { Badge, Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { Session } from '../../../contracts/index.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useEndSession, useMySessions } from './profile.api.ts';

/** "Firefox on Windows" from a user-agent string; falls back to the raw string. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /iPhone|iPad/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}

export function SessionsCard() {
  const sessions = useMySessions();
  const end = useEndSession();

  const columns: Column<Session>[] = [
    {
      key: 'device',
      header: 'Device',
      render: (s) => (
        <div>
          <Text component="div" size="sm" fw={500} title={s.userAgent ?? undefined}>
            {describeUserAgent(s.userAgent)}{' '}
            {s.current ? (
              <Badge size="sm" variant="light" ml={4}>
                This session
              </Badge>
            ) : null}
          </Text>
          <Text size="xs" c="dimmed">
            {s.ip ?? 'Unknown address'}
          </Text>
        </div>
      ),
    },
    { key: 'created', header: 'Signed in', render: (s) => formatDateTime(s.createdAt), visibleFrom: 'sm' },
    { key: 'seen', header: 'Last active', render: (s) => formatDateTime(s.lastSeenAt) },
    {
      key: 'expires',
      header: 'Expires',
      render: (s) => formatDateTime(s.absoluteExpiresAt),
      visibleFrom: 'md',
    },
    {
      key: 'end',
      header: 'Actions',
      render: (s) =>
        s.current ? (
          <Text size="xs" c="dimmed">
            Use “Sign out”
          </Text>
        ) : (
          <Button
            size="xs"
            variant="default"
            color="red"
            onClick={() => end.mutate(s.id)}
            loading={end.isPending && end.variables === s.id}
            aria-label={`End session ${describeUserAgent(s.userAgent)} ${s.ip ?? ''}`.trim()}
          >
            End
          </Button>
        ),
    },
  ];

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sessions-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sessions-heading">
          Your sessions
        </Title>
        <Text size="sm" c="dimmed">
          Where you are signed in. End any session you do not recognise, then change your password.
        </Text>
        <ErrorAlert error={end.error} title="The session could not be ended" />
        <DataTable
          caption="Your sessions"
          columns={columns}
          rows={sessions.data?.items}
          rowKey={(s) => s.id}
          isLoading={sessions.isPending}
          error={sessions.error}
          onRetry={() => void sessions.refetch()}
          minWidth={520}
        />
      </Stack>
    </Paper>
  );
}
