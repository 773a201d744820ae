import { useRef, useState, type SubmitEvent } from 'react';
import {
  Badge,
  Button,
  Code,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Alert,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import {
  referenceContentSchema,
  referenceKinds,
  type ReferenceKind,
  type ReferenceTable,
  type ReferenceTableSummary,
  type ReferenceTableVersion,
} from '../../../../contracts/index.ts';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { fieldMessage, serverFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { usePermission } from '../../../lib/session.ts';
import { contentProblems, parseJson, serverContentProblems, type ContentProblem } from './contentErrors.ts';
import {
  referenceKindLabels,
  referenceTablesKey,
  useCreateReferenceVersion,
  useReferenceTable,
  useReferenceTables,
  useReferenceVersions,
} from './reference.api.ts';

function OriginBadge({ table }: { table: Pick<ReferenceTableVersion, 'organizationId'> }) {
  return table.organizationId === null ? (
    <Badge variant="light" color="gray">
      Shipped
    </Badge>
  ) : (
    <Badge variant="light" color="blue">
      Your organization
    </Badge>
  );
}

const columns = (onOpen: (t: ReferenceTableSummary) => void): Column<ReferenceTableSummary>[] => [
  {
    key: 'name',
    header: 'Table',
    render: (t) => (
      <div>
        <Text size="sm" fw={500}>
          {t.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {t.key}
        </Text>
      </div>
    ),
  },
  { key: 'kind', header: 'Kind', visibleFrom: 'sm', render: (t) => referenceKindLabels[t.kind] },
  {
    key: 'version',
    header: 'Version',
    nowrap: true,
    render: (t) => (
      <Group gap={6} wrap="nowrap">
        <Text size="sm">v{t.version}</Text>
        <OriginBadge table={t} />
      </Group>
    ),
  },
  { key: 'source', header: 'Source', visibleFrom: 'md', render: (t) => t.source },
  { key: 'edition', header: 'Edition', render: (t) => t.edition },
  { key: 'count', header: 'Versions', visibleFrom: 'sm', render: (t) => t.versionCount },
  {
    key: 'open',
    header: <VisuallyHidden>Actions</VisuallyHidden>,
    render: (t) => (
      <Button size="xs" variant="default" onClick={() => onOpen(t)} aria-label={`Open ${t.name}`}>
        Open
      </Button>
    ),
  },
];

function ContentProblems({ problems }: { problems: readonly ContentProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title="The content is not valid"
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      <List size="sm">
        {problems.map((p, i) => (
          <List.Item key={`${p.field}-${i}`}>
            {p.field ? (
              <>
                <Code>{p.field}</Code>:{' '}
              </>
            ) : null}
            {p.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

const formFields = ['content', 'reason', 'edition', 'source', 'name'];

/** A new organization version from edited JSON, checked against the kind's schema before it is sent. */
function NewVersionForm({ table, onDone }: { table: ReferenceTable; onDone: () => void }) {
  const create = useCreateReferenceVersion(table.id);
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [content, setContent] = useState(() => JSON.stringify(table.content, null, 2));
  const [edition, setEdition] = useState(table.edition);
  const [source, setSource] = useState(table.source);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<ContentProblem[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const nextErrors: FieldErrors = {};
    if (reason.trim() === '') nextErrors.reason = 'is required';
    const parsed = parseJson(content);
    let found: ContentProblem[] = [];
    if (!parsed.ok) found = [parsed.problem];
    else {
      const schema = referenceContentSchema(table.kind, table.key);
      if (schema) found = contentProblems(schema, parsed.value);
    }
    setProblems(found);
    setErrors(nextErrors);
    if (!parsed.ok || found.length > 0 || Object.keys(nextErrors).length > 0) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], textarea')?.focus();
      return;
    }
    create.mutate(
      {
        version: table.version,
        content: parsed.value,
        reason: reason.trim(),
        ...(edition.trim() !== table.edition ? { edition: edition.trim() } : {}),
        ...(source.trim() !== table.source ? { source: source.trim() } : {}),
      },
      {
        onSuccess: onDone,
        onError: (error) => {
          setErrors(serverFieldErrors(error));
          setProblems(serverContentProblems(error));
        },
      },
    );
  };

  const conflict = isApiError(create.error) && create.error.code === 'VERSION_CONFLICT';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="New version">
      <Stack>
        {conflict ? (
          <VersionConflictAlert
            onReload={() => void queryClient.invalidateQueries({ queryKey: referenceTablesKey }).then(onDone)}
            reloading={false}
          />
        ) : (
          <ErrorAlert error={create.error} inlineFields={formFields} />
        )}
        <ContentProblems problems={problems} />
        <Textarea
          label="Content (JSON)"
          description="Edit the table; it is checked against the table's rules before it is saved."
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          autosize
          minRows={10}
          maxRows={30}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          error={problems.length > 0 ? 'See the problems listed above' : undefined}
          required
        />
        <Group grow align="flex-start">
          <TextInput
            label="Edition"
            description="e.g. your policy's date or revision"
            value={edition}
            onChange={(e) => setEdition(e.currentTarget.value)}
            error={fieldMessage('Edition', errors.edition)}
          />
          <TextInput
            label="Source"
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            error={fieldMessage('Source', errors.source)}
          />
        </Group>
        <TextInput
          label="Reason for the new version"
          description="Recorded in the audit trail"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldMessage('Reason', errors.reason)}
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Save new version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function VersionsList({ id }: { id: string }) {
  const versions = useReferenceVersions(id);
  return (
    <DataTable
      caption="Versions"
      rows={versions.data?.items}
      isLoading={versions.isPending}
      error={versions.error}
      onRetry={() => void versions.refetch()}
      rowKey={(v) => v.id}
      minWidth={520}
      columns={[
        { key: 'v', header: 'Version', nowrap: true, render: (v) => `v${v.version}` },
        { key: 'origin', header: 'Origin', render: (v) => <OriginBadge table={v} /> },
        { key: 'edition', header: 'Edition', render: (v) => v.edition },
        {
          key: 'by',
          header: 'Created',
          render: (v) => (
            <div>
              <Text size="xs">{formatDateTime(v.createdAt)}</Text>
              <Text size="xs" c="dimmed">
                {v.createdBy?.name ?? 'OpenHTM'}
                {v.reason ? ` — ${v.reason}` : ''}
              </Text>
            </div>
          ),
        },
        {
          key: 'active',
          header: 'Active',
          render: (v) => (v.active ? 'Yes' : 'No'),
        },
      ]}
    />
  );
}

function TableDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const table = useReferenceTable(id);
  const [editing, setEditing] = useState(false);
  if (table.error) return <ErrorAlert error={table.error} onRetry={() => void table.refetch()} />;
  if (!table.data) return <Text size="sm">Loading…</Text>;
  const t = table.data;
  const known = referenceContentSchema(t.kind, t.key) !== null;
  return (
    <Stack gap="md">
      <Text size="sm">
        {referenceKindLabels[t.kind]} <Code>{t.key}</Code> · version {t.version} · <OriginBadge table={t} />
      </Text>
      <Text size="sm">
        <Text span c="dimmed">
          Source:{' '}
        </Text>
        {t.source}
      </Text>
      <Text size="sm">
        <Text span c="dimmed">
          Edition:{' '}
        </Text>
        {t.edition}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
        sha256 {t.sha256}
      </Text>
      {editing ? (
        <NewVersionForm key={t.id} table={t} onDone={() => setEditing(false)} />
      ) : (
        <>
          {canManage && known ? (
            <Group>
              <Button onClick={() => setEditing(true)}>New version from this one</Button>
            </Group>
          ) : null}
          <Title order={3} size="h5">
            Content
          </Title>
          <Code
            block
            component="pre"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 420 }}
          >
            {JSON.stringify(t.content, null, 2)}
          </Code>
        </>
      )}
      <Title order={3} size="h5">
        Versions
      </Title>
      <VersionsList id={t.id} />
    </Stack>
  );
}

/** Reference tables (risk models, tolerances, policies, AEM exclusions, regulatory references) and their versions. */
export function ReferenceDataPage() {
  const canManage = usePermission('reference-data.manage');
  const [kind, setKind] = useState<ReferenceKind | ''>('');
  const tables = useReferenceTables(kind);
  const [open, setOpen] = useState<ReferenceTableSummary | null>(null);
  return (
    <>
      <PageHeader
        title="Reference data"
        description="The numbers maintenance rules use — risk models, due-date tolerances, policies, AEM exclusions and regulatory references — each with its source and edition. Your organization's newest version wins over the one shipped with OpenHTM."
      />
      <Group mb="md">
        <NativeSelect
          label="Kind"
          data={[
            { value: '', label: 'All kinds' },
            ...referenceKinds.map((k) => ({ value: k, label: referenceKindLabels[k] })),
          ]}
          value={kind}
          onChange={(e) => setKind(referenceKinds.find((k) => k === e.currentTarget.value) ?? '')}
        />
      </Group>
      <DataTable
        caption="Reference tables"
        columns={columns(setOpen)}
        rows={tables.data?.items}
        rowKey={(t) => t.id}
        isLoading={tables.isPending}
        error={tables.error}
        onRetry={() => void tables.refetch()}
        empty={<EmptyNotice title="No reference tables" description="None of this kind is loaded." />}
      />
      <SidePanel opened={open !== null} onClose={() => setOpen(null)} title={open?.name ?? ''} size="xl">
        {open ? <TableDetail key={open.id} id={open.id} canManage={canManage} /> : null}
      </SidePanel>
    </>
  );
}
