import { Badge, Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus } from '@tabler/icons-react';
import type { ApiToken } from '../../../../contracts/index.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { CreateTokenModal } from './CreateTokenModal.tsx';
import { useApiTokens, useRevokeApiToken } from './tokens.api.ts';

function status(token: ApiToken): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (new Date(token.expiresAt).getTime() < Date.now()) return { label: 'Expired', color: 'gray' };
  return { label: 'Active', color: 'teal' };
}

function useColumns(): { columns: Column<ApiToken>[]; revokeError: unknown } {
  const revoke = useRevokeApiToken();
  const columns: Column<ApiToken>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <div>
          <Text size="sm" fw={500}>
            {t.name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {t.prefix}…
          </Text>
        </div>
      ),
    },
    { key: 'scopes', header: 'Scopes', render: (t) => t.scopes.join(', ') },
    { key: 'owner', header: 'Created by', render: (t) => t.userEmail, visibleFrom: 'md' },
    { key: 'created', header: 'Created', render: (t) => formatDate(t.createdAt), visibleFrom: 'lg' },
    { key: 'expires', header: 'Expires', render: (t) => formatDate(t.expiresAt) },
    {
      key: 'used',
      header: 'Last used',
      render: (t) => formatDateTime(t.lastUsedAt, 'Never'),
      visibleFrom: 'sm',
    },
    {
      key: 'status',
      header: 'Status',
      render: (t) => {
        const s = status(t);
        return (
          <Badge variant="light" color={s.color}>
            {s.label}
          </Badge>
        );
      },
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (t) =>
        t.revokedAt ? null : (
          <ConfirmButton
            size="xs"
            variant="default"
            color="red"
            question={`Revoke ${t.name}?`}
            confirmLabel="Revoke"
            loading={revoke.isPending && revoke.variables === t.id}
            onConfirm={() => revoke.mutate(t.id)}
            aria-label={`Revoke ${t.name}`}
          >
            Revoke
          </ConfirmButton>
        ),
    },
  ];
  return { columns, revokeError: revoke.error };
}

export function ApiTokensPage() {
  const tokens = useApiTokens();
  const [creating, handlers] = useDisclosure(false);
  const { columns, revokeError } = useColumns();

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let other systems call the OpenHTM API. Each acts with its creator's permissions."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={handlers.open}>
            New API token
          </Button>
        }
      />
      <ErrorAlert error={revokeError} title="The token could not be revoked" />
      <DataTable
        caption="API tokens"
        columns={columns}
        rows={tokens.data?.items}
        rowKey={(t) => t.id}
        isLoading={tokens.isPending}
        error={tokens.error}
        onRetry={() => void tokens.refetch()}
        minWidth={760}
        empty={
          <EmptyNotice
            icon={<IconKey size={22} />}
            title="No API tokens yet"
            description="Create one for each integration, so each can be revoked on its own."
          />
        }
      />
      <CreateTokenModal opened={creating} onClose={handlers.close} />
    </>
  );
}
