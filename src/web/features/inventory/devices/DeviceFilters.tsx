import { useState } from 'react';
import { Button, MultiSelect, NativeSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import type { Ownership } from '../../../../contracts/index.ts';
import {
  lookUpDeviceType,
  lookUpManufacturer,
  lookUpModel,
  searchDeviceTypes,
  searchManufacturers,
  searchModels,
} from '../catalog/catalog.api.ts';
import { RemoteSelect } from '../../../components/RemoteSelect.tsx';
import { ownershipOptions, statusOptions } from '../shared/options.ts';
import { siteOptions, useSites } from '../shared/sites.api.ts';
import { noDeviceFilters, type DeviceFilters, type DeviceSortKey } from './devices.api.ts';

const sortOptions: { value: DeviceSortKey; label: string }[] = [
  { value: 'assetTag', label: 'Asset tag' },
  { value: 'serialNumber', label: 'Serial number' },
  { value: 'model', label: 'Model' },
  { value: 'department', label: 'Department' },
  { value: 'status', label: 'Status' },
  { value: 'updatedAt', label: 'Last changed' },
];

interface DeviceFiltersProps {
  filters: DeviceFilters;
  onChange: (patch: Partial<DeviceFilters>) => void;
}

/** Every filter applies as soon as it changes; the department, typed, after a short pause. */
export function DeviceFiltersPanel({ filters, onChange }: DeviceFiltersProps) {
  const sites = useSites();
  const [department, setDepartment] = useState(filters.department);
  const applyDepartment = useDebouncedCallback((value: string) => onChange({ department: value }), 300);

  const isFiltered =
    filters.siteId !== '' ||
    filters.status.length > 0 ||
    filters.manufacturerId !== '' ||
    filters.modelId !== '' ||
    filters.deviceTypeId !== '' ||
    filters.department !== '' ||
    filters.ownership !== '';

  return (
    <div role="group" aria-label="Filters">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm" mb="sm">
        <Select
          label="Site"
          placeholder="All sites"
          data={siteOptions(sites.data?.items)}
          value={filters.siteId || null}
          onChange={(v) => onChange({ siteId: v ?? '' })}
          clearable
          searchable
          nothingFoundMessage="No site matches"
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label="Status"
          placeholder={filters.status.length === 0 ? 'Any status' : undefined}
          data={statusOptions}
          value={filters.status}
          onChange={(v) => onChange({ status: v })}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <RemoteSelect
          label="Manufacturer"
          placeholder="Any manufacturer"
          queryKey={['manufacturers', 'options']}
          search={searchManufacturers}
          lookup={lookUpManufacturer}
          value={filters.manufacturerId || null}
          onChange={(o) => onChange({ manufacturerId: o?.value ?? '', modelId: '' })}
          clearable
        />
        <RemoteSelect
          label="Model"
          placeholder="Any model"
          queryKey={['models', 'options', filters.manufacturerId]}
          search={(q) => searchModels(q, filters.manufacturerId)}
          lookup={lookUpModel}
          value={filters.modelId || null}
          onChange={(o) => onChange({ modelId: o?.value ?? '' })}
          clearable
        />
        <RemoteSelect
          label="Device type"
          placeholder="Any type"
          queryKey={['device-types', 'options']}
          search={searchDeviceTypes}
          lookup={lookUpDeviceType}
          value={filters.deviceTypeId || null}
          onChange={(o) => onChange({ deviceTypeId: o?.value ?? '' })}
          clearable
        />
        <TextInput
          label="Department"
          placeholder="Any department"
          value={department}
          onChange={(e) => {
            setDepartment(e.currentTarget.value);
            applyDepartment(e.currentTarget.value);
          }}
        />
        <NativeSelect
          label="Ownership"
          data={[{ value: '', label: 'Any ownership' }, ...ownershipOptions]}
          value={filters.ownership}
          onChange={(e) => onChange({ ownership: e.currentTarget.value as Ownership | '' })}
        />
        <SimpleGrid cols={2} spacing="xs">
          <NativeSelect
            label="Sort by"
            data={sortOptions}
            value={filters.sort}
            onChange={(e) => onChange({ sort: e.currentTarget.value as DeviceSortKey })}
          />
          <NativeSelect
            label="Order"
            data={[
              { value: 'asc', label: 'Ascending' },
              { value: 'desc', label: 'Descending' },
            ]}
            value={filters.order}
            onChange={(e) => onChange({ order: e.currentTarget.value === 'desc' ? 'desc' : 'asc' })}
          />
        </SimpleGrid>
      </SimpleGrid>
      {isFiltered ? (
        <Button
          variant="subtle"
          size="xs"
          mb="sm"
          onClick={() => {
            applyDepartment.cancel();
            setDepartment('');
            onChange({ ...noDeviceFilters, q: filters.q, sort: filters.sort, order: filters.order });
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
