import { Anchor, Checkbox, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Device } from '../../../../contracts/index.ts';
import type { Column } from '../../../components/DataTable.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { StatusBadge } from '../shared/StatusBadge.tsx';
import { ownershipLabels } from '../shared/options.ts';

/** Columns a person may show or hide; the asset tag is always shown. */
export const deviceColumnChoices = [
  { key: 'model', label: 'Model' },
  { key: 'deviceType', label: 'Device type' },
  { key: 'serialNumber', label: 'Serial number' },
  { key: 'site', label: 'Site' },
  { key: 'location', label: 'Location' },
  { key: 'department', label: 'Department' },
  { key: 'status', label: 'Status' },
  { key: 'ownership', label: 'Ownership' },
  { key: 'udi', label: 'UDI device identifier' },
  { key: 'software', label: 'Software / firmware' },
  { key: 'network', label: 'Network' },
  { key: 'warrantyEnd', label: 'Warranty end' },
  { key: 'updatedAt', label: 'Last changed' },
] as const;

export type DeviceColumnKey = (typeof deviceColumnChoices)[number]['key'];

export const defaultDeviceColumns: DeviceColumnKey[] = [
  'model',
  'serialNumber',
  'site',
  'location',
  'department',
  'status',
];

export function locationText(d: Pick<Device, 'building' | 'floor' | 'room'>): string {
  const parts = [d.building, d.floor ? `floor ${d.floor}` : null, d.room ? `room ${d.room}` : null].filter(
    (p): p is string => Boolean(p),
  );
  return parts.join(', ') || '—';
}

const dash = (value: string | null | undefined) => value || '—';

const cells: Record<DeviceColumnKey, Omit<Column<Device>, 'key'>> = {
  model: {
    header: 'Model',
    render: (d) => (
      <div>
        <Text size="sm">
          {d.model.manufacturer.name} {d.model.modelNumber}
        </Text>
        <Text size="xs" c="dimmed">
          {d.model.name}
        </Text>
      </div>
    ),
  },
  deviceType: { header: 'Device type', render: (d) => dash(d.model.deviceType?.name) },
  serialNumber: { header: 'Serial number', render: (d) => dash(d.serialNumber), nowrap: true },
  site: { header: 'Site', render: (d) => d.site.code, nowrap: true },
  location: { header: 'Location', render: locationText },
  department: { header: 'Department', render: (d) => dash(d.department) },
  status: { header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
  ownership: { header: 'Ownership', render: (d) => ownershipLabels[d.ownership] },
  udi: { header: 'UDI-DI', render: (d) => dash(d.udiDeviceIdentifier), nowrap: true },
  software: {
    header: 'Software / firmware',
    render: (d) => [d.softwareVersion, d.firmwareVersion].filter(Boolean).join(' / ') || '—',
  },
  network: {
    header: 'Network',
    render: (d) =>
      d.networkConnected ? [d.hostname, d.ipAddress].filter(Boolean).join(' · ') || 'Connected' : 'No',
  },
  warrantyEnd: { header: 'Warranty end', render: (d) => formatDate(d.warrantyEnd), nowrap: true },
  updatedAt: { header: 'Last changed', render: (d) => formatDateTime(d.updatedAt), nowrap: true },
};

interface Selection {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  setAll: (ids: string[], on: boolean) => void;
}

export function deviceColumns(
  visible: readonly DeviceColumnKey[],
  rows: readonly Device[],
  selection: Selection | null,
): Column<Device>[] {
  const columns: Column<Device>[] = [];
  if (selection) {
    const ids = rows.map((d) => d.id);
    const chosen = ids.filter((id) => selection.selected.has(id)).length;
    columns.push({
      key: 'select',
      header: (
        <Checkbox
          aria-label="Select all shown devices"
          checked={ids.length > 0 && chosen === ids.length}
          indeterminate={chosen > 0 && chosen < ids.length}
          onChange={(e) => selection.setAll(ids, e.currentTarget.checked)}
        />
      ),
      render: (d) => (
        <Checkbox
          aria-label={`Select ${d.assetTag}`}
          checked={selection.selected.has(d.id)}
          onChange={() => selection.toggle(d.id)}
        />
      ),
    });
  }
  columns.push({
    key: 'assetTag',
    header: 'Asset tag',
    nowrap: true,
    render: (d) => (
      <Anchor component={Link} to={`/inventory/devices/${d.id}`} fw={600} size="sm">
        {d.assetTag}
      </Anchor>
    ),
  });
  for (const choice of deviceColumnChoices) {
    if (visible.includes(choice.key)) columns.push({ key: choice.key, ...cells[choice.key] });
  }
  return columns;
}
