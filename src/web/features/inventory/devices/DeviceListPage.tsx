import { useEffect, useState, type SubmitEvent } from 'react';
import { Button, Collapse, Group, Menu, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconAdjustmentsHorizontal,
  IconDeviceDesktopAnalytics,
  IconDownload,
  IconPlus,
  IconPrinter,
  IconScan,
} from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable } from '../../../components/DataTable.tsx';
import { EmptyNotice } from '../../../components/EmptyNotice.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { usePermission } from '../../../lib/session.ts';
import { openPdf } from '../shared/pdf.ts';
import { ColumnChooser, useDeviceColumnChoice } from './ColumnChooser.tsx';
import { DeviceFiltersPanel } from './DeviceFilters.tsx';
import { deviceColumns } from './deviceColumns.tsx';
import {
  exactDevice,
  exportUrl,
  lookUpDevice,
  printLabels,
  useDeviceList,
  type DeviceFilters,
  type LabelChoice,
} from './devices.api.ts';
import type { DeviceSearchMatch } from '../../../../contracts/index.ts';
import { filtersFromParams, paramsFromFilters } from './filterParams.ts';

const matchNotes: Partial<Record<DeviceSearchMatch, string>> = {
  asset_tag: 'Exact asset tag match',
  serial_number: 'Exact serial number match',
  udi: 'Matched by UDI',
};

/** The filters live in the address, so a list can be bookmarked, shared, and comes back after "Back". */
function useFiltersInAddress() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const update = (patch: Partial<DeviceFilters>) =>
    setParams((prev) => paramsFromFilters({ ...filtersFromParams(prev), ...patch }), { replace: true });
  return [filters, update] as const;
}

function SearchBox({ filters, onSearch }: { filters: DeviceFilters; onSearch: (q: string) => void }) {
  const navigate = useNavigate();
  const [text, setText] = useState(filters.q);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);
  const applyTyped = useDebouncedCallback((q: string) => onSearch(q), 400);

  // "Clear filters" or a changed address resets what the box shows.
  useEffect(() => setText(filters.q), [filters.q]);

  // A scanner types the code and presses Enter: an exact tag, serial or UDI opens the device directly.
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    applyTyped.cancel();
    const q = text.trim();
    setLookupError(null);
    if (q === '') return onSearch('');
    setLooking(true);
    try {
      const device = exactDevice(await lookUpDevice(q));
      if (device) {
        await navigate(`/inventory/devices/${device.id}`);
        return;
      }
    } catch (error) {
      setLookupError(error);
    } finally {
      setLooking(false);
    }
    onSearch(q);
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} role="search" aria-label="Devices">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label="Search devices"
          description="Asset tag, serial number, UDI (scan or type), model, manufacturer or any text"
          placeholder="Scan or type, then Enter"
          leftSection={<IconScan size={16} aria-hidden />}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            applyTyped(e.currentTarget.value);
          }}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="search"
          style={{ flex: 1 }}
          data-autofocus
        />
        <Button type="submit" loading={looking}>
          Search
        </Button>
      </Group>
      {lookupError ? <ErrorAlert error={lookupError} /> : null}
    </form>
  );
}

export function DeviceListPage() {
  const canManage = usePermission('inventory.manage');
  const canImport = usePermission('inventory.import');
  const [filters, setFilters] = useFiltersInAddress();
  const { items, match, tableState } = useDeviceList(filters);
  const [visible, setVisible] = useDeviceColumnChoice();
  // Filters start open on wide screens; on a phone the search box comes first.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [showFilters, filterToggle] = useDisclosure(!phone);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [printError, setPrintError] = useState<unknown>(null);
  const [printing, setPrinting] = useState(false);

  const selection = {
    selected,
    toggle: (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    setAll: (ids: string[], on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
  };

  const print = (choice: LabelChoice) => {
    setPrintError(null);
    setPrinting(true);
    openPdf(() => printLabels([...selected], choice), 'labels.pdf')
      .catch(setPrintError)
      .finally(() => setPrinting(false));
  };

  const note = match ? matchNotes[match] : undefined;
  return (
    <>
      <PageHeader
        title="Devices"
        description="The equipment inventory. Retired and disposed devices stay searchable."
        actions={
          <>
            {canImport ? (
              <Button component={Link} to="/inventory/import" variant="default">
                Import
              </Button>
            ) : null}
            {canManage ? (
              <Button
                component={Link}
                to="/inventory/devices/new"
                leftSection={<IconPlus size={16} aria-hidden />}
              >
                New device
              </Button>
            ) : null}
          </>
        }
      />
      <SearchBox filters={filters} onSearch={(q) => setFilters({ q })} />
      <Group justify="space-between" my="sm" gap="xs">
        <Button
          variant="subtle"
          leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
          onClick={filterToggle.toggle}
          aria-expanded={showFilters}
          aria-controls="device-filters"
        >
          {showFilters ? 'Hide filters' : 'Filters and sort'}
        </Button>
        <Group gap="xs">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button
                variant="default"
                leftSection={<IconPrinter size={16} aria-hidden />}
                disabled={selected.size === 0}
                loading={printing}
              >
                Print labels{selected.size > 0 ? ` (${selected.size})` : ''}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => print({ layout: 'sheet', sheet: 'letter_30' })}>
                Letter sheet (30 labels)
              </Menu.Item>
              <Menu.Item onClick={() => print({ layout: 'sheet', sheet: 'a4_24' })}>
                A4 sheet (24 labels)
              </Menu.Item>
              <Menu.Item onClick={() => print({ layout: 'single' })}>Label printer (one per label)</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>With the current search and filters</Menu.Label>
              <Menu.Item component="a" href={exportUrl(filters, 'csv')} download>
                Export CSV
              </Menu.Item>
              <Menu.Item component="a" href={exportUrl(filters, 'xlsx')} download>
                Export XLSX
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <ColumnChooser visible={visible} onChange={setVisible} />
        </Group>
      </Group>
      <Collapse expanded={showFilters} id="device-filters">
        <DeviceFiltersPanel filters={filters} onChange={setFilters} />
      </Collapse>
      {printError ? <ErrorAlert error={printError} title="The labels could not be made" /> : null}
      {note ? (
        <Text size="sm" c="dimmed" mb="xs" role="status">
          {note}
        </Text>
      ) : null}
      <DataTable
        caption="Devices"
        columns={deviceColumns(visible, items ?? [], selection)}
        rows={items}
        rowKey={(d) => d.id}
        {...tableState}
        minWidth={720}
        empty={
          <EmptyNotice
            icon={<IconDeviceDesktopAnalytics size={22} />}
            title="No devices match"
            description={
              canManage
                ? 'Change the search or the filters, add a device with "New device", or import a file.'
                : 'Change the search or the filters.'
            }
          />
        }
      />
    </>
  );
}
