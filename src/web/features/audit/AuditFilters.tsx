import { useState, type SubmitEvent } from 'react';
import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { localInputToIso } from '../../lib/format.ts';
import { usePermission } from '../../lib/session.ts';
import { noAuditFilters, useActorOptions, type AuditFilterValues } from './audit.api.ts';

interface AuditFiltersProps {
  applied: AuditFilterValues;
  onApply: (filters: AuditFilterValues) => void;
}

/** ISO instant -> value for <input type="datetime-local"> in the browser's time zone. */
function isoToLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function AuditFilters({ applied, onApply }: AuditFiltersProps) {
  const canListUsers = usePermission('users.read');
  const actors = useActorOptions(canListUsers);
  const [values, setValues] = useState({
    ...applied,
    from: isoToLocalInput(applied.from),
    to: isoToLocalInput(applied.to),
  });
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    onApply({
      ...values,
      entityType: values.entityType.trim(),
      action: values.action.trim(),
      q: values.q.trim(),
      from: localInputToIso(values.from) ?? '',
      to: localInputToIso(values.to) ?? '',
    });
  };

  const actorData = (actors.data?.items ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName} (${u.email})`,
  }));
  return (
    <form onSubmit={onSubmit} aria-label="Filter audit events">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" mb="sm">
        <TextInput
          label="Search"
          placeholder="Any text in the event"
          value={values.q}
          onChange={(e) => set({ q: e.currentTarget.value })}
        />
        <TextInput
          label="Entity type"
          placeholder="e.g. user, site"
          value={values.entityType}
          onChange={(e) => set({ entityType: e.currentTarget.value })}
        />
        <TextInput
          label="Action"
          placeholder="e.g. site.created"
          value={values.action}
          onChange={(e) => set({ action: e.currentTarget.value })}
        />
        {canListUsers ? (
          <Select
            label="Actor"
            placeholder="Anyone"
            data={actorData}
            value={values.actorId || null}
            onChange={(v) => set({ actorId: v ?? '' })}
            searchable
            clearable
            nothingFoundMessage="No one matches"
            comboboxProps={{ withinPortal: true }}
          />
        ) : null}
        <TextInput
          label="From"
          type="datetime-local"
          value={values.from}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={values.to}
          onChange={(e) => set({ to: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Group gap="xs" mb="md">
        <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />}>
          Apply filters
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setValues(noAuditFilters);
            onApply(noAuditFilters);
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
