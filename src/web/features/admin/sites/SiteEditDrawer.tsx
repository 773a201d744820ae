import { useState } from 'react';
import { Badge, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Site } from '../../../../contracts/index.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { SidePanel } from '../../../components/Overlays.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { VersionConflictAlert } from '../shared/VersionConflictAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { EditSiteForm } from './EditSiteForm.tsx';
import { useSite, useUpdateSite } from './sites.api.ts';

function ActivationSection({
  site,
  onReload,
  reloading,
}: {
  site: Site;
  onReload: () => void;
  reloading: boolean;
}) {
  const update = useUpdateSite(site.id);
  const [reason, setReason] = useState('');
  const next = !site.active;
  const verb = next ? 'Reactivate' : 'Deactivate';
  const conflict = isApiError(update.error) && update.error.code === 'VERSION_CONFLICT';
  return (
    <Stack gap="sm" component="section" aria-labelledby="site-activation-heading">
      <Title order={3} size="h5" id="site-activation-heading">
        {verb} site
      </Title>
      <Text size="sm" c="dimmed">
        {next
          ? 'The site becomes available again for new records.'
          : 'The site stays in history and reports but is no longer offered for new records. Nothing is deleted.'}
      </Text>
      {conflict ? (
        <VersionConflictAlert onReload={onReload} reloading={reloading} />
      ) : (
        <ErrorAlert error={update.error} />
      )}
      <TextInput
        label={`Reason to ${verb.toLowerCase()}`}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <div>
        <ConfirmButton
          variant="default"
          color={next ? 'teal' : 'red'}
          question={`${verb} ${site.name}?`}
          confirmLabel={verb}
          loading={update.isPending}
          onConfirm={() =>
            update.mutate({ version: site.version, active: next, reason: reason.trim() || undefined })
          }
        >
          {verb}
        </ConfirmButton>
      </div>
    </Stack>
  );
}

function SiteEditor({ initial, onClose }: { initial: Site; onClose: () => void }) {
  const { data: site, refetch, isFetching } = useSite(initial.id, initial);
  // The forms start again from the server's latest version only when the person asks to reload.
  const [reloads, setReloads] = useState(0);
  const reload = () => void refetch().then(() => setReloads((n) => n + 1));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600}>{site.code}</Text>
          <Badge variant="light" color={site.active ? 'teal' : 'gray'}>
            {site.active ? 'Active' : 'Inactive'}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Created {formatDateTime(site.createdAt)} · last changed {formatDateTime(site.updatedAt)}
        </Text>
      </Stack>
      <EditSiteForm key={reloads} site={site} onSaved={onClose} onReload={reload} reloading={isFetching} />
      <Divider />
      <ActivationSection key={`a-${reloads}`} site={site} onReload={reload} reloading={isFetching} />
    </Stack>
  );
}

export function SiteEditDrawer({ site, onClose }: { site: Site | null; onClose: () => void }) {
  return (
    <SidePanel opened={site !== null} onClose={onClose} title={site ? site.name : 'Site'} size="lg">
      {site ? <SiteEditor key={site.id} initial={site} onClose={onClose} /> : null}
    </SidePanel>
  );
}
