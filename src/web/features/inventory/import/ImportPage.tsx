import { useState, type SubmitEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  NativeSelect,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { Link } from 'react-router';
import type {
  DeviceImport,
  DeviceImportCheck,
  DeviceImportDefaults,
  DeviceImportMapping,
  DeviceImportRequest,
  DeviceImportSummary,
  DeviceImportUploaded,
  DeviceStatus,
  Ownership,
  ServiceProvider,
} from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { useCustomFields } from '../devices/devices.api.ts';
import { ownershipOptions, serviceProviderOptions, statusOptions } from '../shared/options.ts';
import { useSites } from '../shared/sites.api.ts';
import { MappingTable, duplicateTargets } from './MappingTable.tsx';
import { ProblemsTable } from './ProblemsTable.tsx';
import {
  importFormatOf,
  useApplyImport,
  useDryRun,
  useImportStatus,
  useUploadImport,
} from './imports.api.ts';

function UploadStep({ onUploaded }: { onUploaded: (uploaded: DeviceImportUploaded) => void }) {
  const uploadFile = useUploadImport();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!file) return setProblem('Choose a CSV or XLSX file');
    const format = importFormatOf(file.name);
    if (!format) return setProblem('Only CSV (.csv) and Excel (.xlsx) files can be imported');
    setProblem(null);
    uploadFile.mutate({ file, format }, { onSuccess: onUploaded });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Upload the file">
      <Stack gap="sm" maw={560}>
        <Text size="sm">
          The first row holds the column names. Rows are numbered as your spreadsheet shows them, so the first
          device is row 2.
        </Text>
        <ErrorAlert error={uploadFile.error} title="The file could not be read" />
        <FileInput
          label="Device file"
          placeholder="Choose a .csv or .xlsx file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
          value={file}
          onChange={(f) => {
            setFile(f);
            setProblem(null);
          }}
          error={problem}
          clearable
        />
        <Group>
          <Button type="submit" loading={uploadFile.isPending}>
            Upload and map columns
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Summary({ summary, done }: { summary: DeviceImportSummary; done: boolean }) {
  const verb = done ? 'were' : 'will be';
  return (
    <List size="sm" spacing={2}>
      <List.Item>
        {summary.deviceCount} devices {verb} created
        {summary.generatedAssetTags > 0
          ? ` (${summary.generatedAssetTags} with an asset tag numbered from your pattern)`
          : ''}
        .
      </List.Item>
      {summary.newManufacturers.length > 0 ? (
        <List.Item>New manufacturers: {summary.newManufacturers.join(', ')}</List.Item>
      ) : null}
      {summary.newModels.length > 0 ? (
        <List.Item>New models: {summary.newModels.join(', ')}</List.Item>
      ) : null}
    </List>
  );
}

function CheckResult({ check }: { check: DeviceImportCheck }) {
  if (check.ok) {
    return (
      <Alert color="teal" title="No problems found" role="status">
        <Summary summary={check.summary} done={false} />
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" radius="md" role="region" aria-label="Problems">
      <ProblemsTable
        problems={check.problems}
        problemCount={check.problemCount}
        truncated={check.truncated}
      />
    </Paper>
  );
}

function Defaults({
  defaults,
  onChange,
  createMissingCatalog,
  onCreateMissingCatalog,
}: {
  defaults: DeviceImportDefaults;
  onChange: (patch: DeviceImportDefaults) => void;
  createMissingCatalog: boolean;
  onCreateMissingCatalog: (value: boolean) => void;
}) {
  const sites = useSites();
  // Adding to the catalog from a file needs the catalog permission too.
  const canManageCatalog = usePermission('catalog.manage');
  const none = { value: '', label: '— none —' };
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        For blank cells and unmapped fields
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <NativeSelect
          label="Site"
          data={[
            none,
            ...(sites.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` })),
          ]}
          value={defaults.siteCode ?? ''}
          onChange={(e) => onChange({ siteCode: e.currentTarget.value || undefined })}
        />
        <NativeSelect
          label="Status"
          data={[none, ...statusOptions]}
          value={defaults.status ?? ''}
          onChange={(e) =>
            onChange({ status: (e.currentTarget.value || undefined) as DeviceStatus | undefined })
          }
        />
        <NativeSelect
          label="Ownership"
          data={[none, ...ownershipOptions]}
          value={defaults.ownership ?? ''}
          onChange={(e) =>
            onChange({ ownership: (e.currentTarget.value || undefined) as Ownership | undefined })
          }
        />
        <NativeSelect
          label="Service provider"
          data={[none, ...serviceProviderOptions]}
          value={defaults.serviceProvider ?? ''}
          onChange={(e) =>
            onChange({ serviceProvider: (e.currentTarget.value || undefined) as ServiceProvider | undefined })
          }
        />
      </SimpleGrid>
      {canManageCatalog ? (
        <Checkbox
          label="Add manufacturers and models the catalog does not have yet"
          description="Otherwise an unknown manufacturer or model is reported as a problem"
          checked={createMissingCatalog}
          onChange={(e) => onCreateMissingCatalog(e.currentTarget.checked)}
        />
      ) : null}
    </Stack>
  );
}

function ApplyProgress({ id }: { id: string }) {
  const status = useImportStatus(id, true);
  const job: DeviceImport | undefined = status.data;
  if (status.error && !job) return <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />;
  if (!job || job.status === 'queued' || job.status === 'applying' || job.status === 'checked') {
    const percent = Math.round((job?.progress ?? 0) * 100);
    return (
      <Stack gap="xs" role="status" aria-live="polite">
        <Text size="sm">{job?.status === 'applying' ? `Importing… ${percent}%` : 'Waiting to start…'}</Text>
        <Progress value={percent} aria-label="Import progress" animated />
      </Stack>
    );
  }
  if (job.status === 'applied') {
    return (
      <Alert color="teal" title="Import complete" role="status">
        {job.result ? <Summary summary={job.result} done /> : null}
        <Anchor
          component={Link}
          to="/inventory/devices?sort=updatedAt&order=desc"
          size="sm"
          mt="xs"
          display="block"
        >
          Show the devices, most recently changed first
        </Anchor>
      </Alert>
    );
  }
  if (job.status === 'invalid') {
    return (
      <Paper withBorder p="md" radius="md" role="region" aria-label="Problems">
        <ProblemsTable problems={job.problems} problemCount={job.problemCount} truncated={job.truncated} />
      </Paper>
    );
  }
  return (
    <Alert color="red" title="The import failed; nothing was imported" role="alert">
      {job.error ?? 'An unexpected error stopped the import.'} You may try again.
    </Alert>
  );
}

function MapAndApply({ uploaded, onRestart }: { uploaded: DeviceImportUploaded; onRestart: () => void }) {
  const customFields = useCustomFields();
  const dryRun = useDryRun(uploaded.id);
  const apply = useApplyImport(uploaded.id);
  const [mapping, setMapping] = useState<DeviceImportMapping>(() => {
    const initial: DeviceImportMapping = {};
    for (const column of uploaded.columns) initial[column] = uploaded.suggestedMapping[column] ?? null;
    return initial;
  });
  const [defaults, setDefaults] = useState<DeviceImportDefaults>({});
  const [createMissingCatalog, setCreateMissingCatalog] = useState(false);
  const [checked, setChecked] = useState<{ request: string; result: DeviceImportCheck } | null>(null);
  const [applied, setApplied] = useState(false);

  const request: DeviceImportRequest = { mapping, defaults, createMissingCatalog };
  const requestKey = JSON.stringify(request);
  const current = checked && checked.request === requestKey ? checked.result : null;
  const hasDuplicates = duplicateTargets(uploaded.columns, mapping).size > 0;
  const active = applied ? 3 : current ? 2 : 1;

  const runCheck = () =>
    dryRun.mutate(request, { onSuccess: (result) => setChecked({ request: requestKey, result }) });
  const runApply = () => apply.mutate(request, { onSuccess: () => setApplied(true) });

  return (
    <Stack gap="lg">
      <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label="Import steps">
        <Stepper.Step label="Upload" description={uploaded.fileName} />
        <Stepper.Step label="Map and check" description={`${uploaded.rowCount} rows`} />
        <Stepper.Step label="Import" />
        <Stepper.Completed>{null}</Stepper.Completed>
      </Stepper>

      {applied ? (
        <ApplyProgress id={uploaded.id} />
      ) : (
        <>
          <section aria-labelledby="mapping-heading">
            <Title order={2} size="h4" id="mapping-heading" mb="xs">
              Map the columns of {uploaded.fileName}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {uploaded.rowCount} devices in the file. Suggested fields are filled in; columns you ignore are
              not imported.
            </Text>
            <MappingTable
              uploaded={uploaded}
              mapping={mapping}
              customFields={customFields.data?.items ?? []}
              onChange={(column, field) => setMapping((m) => ({ ...m, [column]: field }))}
            />
          </section>
          <Defaults
            defaults={defaults}
            onChange={(patch) => setDefaults((d) => ({ ...d, ...patch }))}
            createMissingCatalog={createMissingCatalog}
            onCreateMissingCatalog={setCreateMissingCatalog}
          />
          <ErrorAlert error={dryRun.error} title="The check could not run" />
          <Group>
            <Button onClick={runCheck} loading={dryRun.isPending} disabled={hasDuplicates}>
              Check the file (dry run)
            </Button>
            <Button variant="default" onClick={onRestart}>
              Choose another file
            </Button>
          </Group>
          {checked && !current ? (
            <Text size="sm" c="dimmed" role="status">
              The mapping changed since the last check; check again before importing.
            </Text>
          ) : null}
          {current ? <CheckResult check={current} /> : null}
          {current?.ok ? (
            <Stack gap="xs">
              <ErrorAlert error={apply.error} title="The import could not start" />
              <Group>
                <Button color="teal" onClick={runApply} loading={apply.isPending}>
                  Import {current.summary.deviceCount} devices
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                The file is imported whole or not at all.
              </Text>
            </Stack>
          ) : null}
        </>
      )}
    </Stack>
  );
}

export function ImportPage() {
  const [uploaded, setUploaded] = useState<DeviceImportUploaded | null>(null);
  return (
    <>
      <PageHeader
        title="Import devices"
        description="From a CSV or Excel file: map its columns, check every row, then import all or nothing."
      />
      {uploaded ? (
        <MapAndApply key={uploaded.id} uploaded={uploaded} onRestart={() => setUploaded(null)} />
      ) : (
        <UploadStep onUploaded={setUploaded} />
      )}
    </>
  );
}
