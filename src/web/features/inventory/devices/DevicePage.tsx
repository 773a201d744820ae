import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Center, Grid, Group, List, Loader, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconPencil, IconPrinter } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { deviceStatusLabels, deviceStatusTransitions, type Device } from '../../../../contracts/index.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { formatDate, formatDateTimeInZone } from '../../../lib/format.ts';
import { usePermission } from '../../../lib/session.ts';
import { DocumentsPanel } from '../shared/DocumentsPanel.tsx';
import { Facts, Section, type Fact } from '../shared/Facts.tsx';
import { StatusBadge } from '../shared/StatusBadge.tsx';
import { UdiFacts } from '../shared/UdiFacts.tsx';
import { deviceClassLabels, ownershipLabels, serviceProviderLabels } from '../shared/options.ts';
import { ChangeStatusForm } from './ChangeStatusForm.tsx';
import { DeviceTimeline } from './DeviceTimeline.tsx';
import { locationText } from './deviceColumns.tsx';
import {
  labelUrl,
  useCustomFields,
  useDevice,
  useDeviceChildren,
  useDeviceHistory,
  useSite,
} from './devices.api.ts';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

function customValue(value: Device['customFields'][string]): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return yesNo(value);
  return String(value);
}

function Summary({ device, timeZone }: { device: Device; timeZone: string | undefined }) {
  const type = device.model.deviceType;
  const facts: Fact[] = [
    ['Asset tag', device.assetTag],
    ['Status', <StatusBadge key="s" status={device.status} />],
    ['Manufacturer', device.model.manufacturer.name],
    ['Model', `${device.model.modelNumber} — ${device.model.name}`],
    [
      'Device type',
      type ? (
        <span>
          {type.name}
          {type.productCode ? ` (FDA product code ${type.productCode})` : ''}{' '}
          {type.deviceClass ? (
            <Badge variant="outline" size="sm" ml={4}>
              {deviceClassLabels[type.deviceClass]}
            </Badge>
          ) : null}
        </span>
      ) : null,
    ],
    ['Serial number', device.serialNumber],
    ['Status since', formatDateTimeInZone(device.statusChangedAt, timeZone)],
  ];
  return <Facts facts={facts} />;
}

function Children({ device }: { device: Device }) {
  const children = useDeviceChildren(device.id, device.childCount > 0);
  return (
    <Stack gap="xs">
      {device.parent ? (
        <Text size="sm">
          Part of{' '}
          <Anchor component={Link} to={`/inventory/devices/${device.parent.id}`}>
            {device.parent.assetTag}
          </Anchor>
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Not part of another system.
        </Text>
      )}
      {device.childCount === 0 ? (
        <Text size="sm" c="dimmed">
          No components.
        </Text>
      ) : children.error ? (
        <ErrorAlert error={children.error} onRetry={() => void children.refetch()} />
      ) : !children.data ? (
        <Text size="sm" c="dimmed" role="status">
          Loading components…
        </Text>
      ) : (
        <>
          <Text size="sm">Components ({device.childCount}):</Text>
          <List size="sm" spacing={4}>
            {children.data.items.map((child) => (
              <List.Item key={child.id}>
                <Anchor component={Link} to={`/inventory/devices/${child.id}`}>
                  {child.assetTag}
                </Anchor>{' '}
                {child.model.manufacturer.name} {child.model.modelNumber} · {deviceStatusLabels[child.status]}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

function Lifecycle({
  device,
  onReload,
  reloading,
}: {
  device: Device;
  onReload: () => void;
  reloading: boolean;
}) {
  const canManage = usePermission('inventory.manage');
  const history = useDeviceHistory(device.id);
  const site = useSite(device.site.id);
  return (
    <Stack gap="md">
      {canManage ? (
        <ChangeStatusForm
          key={`${device.id}-${device.version}`}
          device={device}
          next={deviceStatusTransitions[device.status]}
          onReload={onReload}
          reloading={reloading}
        />
      ) : null}
      {history.error ? (
        <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data ? (
        <DeviceTimeline changes={history.data.items} timeZone={site.data?.timeZone} />
      ) : (
        <Text size="sm" c="dimmed" role="status">
          Loading history…
        </Text>
      )}
      {site.data ? (
        <Text size="xs" c="dimmed">
          Times are shown in {site.data.name}&apos;s time zone ({site.data.timeZone}).
        </Text>
      ) : null}
    </Stack>
  );
}

/** Sections other features add to the device page, composed in app/router (features do not import each other). */
export interface DevicePageSlots {
  /** The device's work history and "Request repair" (work orders). */
  workHistory?: (device: Device) => ReactNode;
  /** The device's maintenance strategy, risk flags and next due (maintenance); renders its own section. */
  maintenance?: (device: Device) => ReactNode;
}

function DeviceDetails({
  device,
  onReload,
  reloading,
  slots = {},
}: {
  device: Device;
  onReload: () => void;
  reloading: boolean;
  slots?: DevicePageSlots;
}) {
  const canManage = usePermission('inventory.manage');
  const customFields = useCustomFields();
  const site = useSite(device.site.id);
  const labelOf = (key: string) => customFields.data?.items.find((f) => f.key === key)?.label ?? key;
  const custom = Object.entries(device.customFields);

  return (
    <>
      <PageHeader
        title={device.assetTag}
        description={`${device.model.manufacturer.name} ${device.model.modelNumber} · ${device.model.name} · ${device.site.name}`}
        actions={
          <>
            <Button
              component="a"
              href={labelUrl(device.id)}
              target="_blank"
              rel="noopener"
              variant="default"
              leftSection={<IconPrinter size={16} aria-hidden />}
            >
              Print label
            </Button>
            {canManage ? (
              <Button
                component={Link}
                to={`/inventory/devices/${device.id}/edit`}
                leftSection={<IconPencil size={16} aria-hidden />}
              >
                Edit
              </Button>
            ) : null}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section id="device-summary" title="Summary">
              <Summary device={device} timeZone={site.data?.timeZone} />
            </Section>
            <Section id="device-udi" title="UDI">
              {device.udi ? (
                <UdiFacts result={device.udi} />
              ) : (
                <Text size="sm" c="dimmed">
                  {device.udiRaw ? device.udiRaw : 'No UDI recorded.'}
                </Text>
              )}
            </Section>
            <Section id="device-location" title="Location">
              <Facts
                facts={[
                  ['Site', `${device.site.name} (${device.site.code})`],
                  ['Building, floor, room', locationText(device)],
                  ['Department', device.department],
                ]}
              />
            </Section>
            <Section id="device-ownership" title="Ownership, service and warranty">
              <Facts
                facts={[
                  ['Ownership', ownershipLabels[device.ownership]],
                  ['Service provider', serviceProviderLabels[device.serviceProvider]],
                  ['Acquired', formatDate(device.acquisitionDate)],
                  ['Acquisition cost', device.acquisitionCost],
                  ['Purchase order', device.purchaseOrder],
                  ['In service since', formatDate(device.inServiceDate)],
                  ['Warranty ends', formatDate(device.warrantyEnd)],
                ]}
              />
            </Section>
            <Section id="device-software" title="Software and network">
              <Facts
                facts={[
                  ['Software version', device.softwareVersion],
                  ['Firmware version', device.firmwareVersion],
                  ['Network connected', yesNo(device.networkConnected)],
                  ['MAC address', device.macAddress],
                  ['IP address', device.ipAddress],
                  ['Host name', device.hostname],
                ]}
              />
            </Section>
            {custom.length > 0 || device.notes ? (
              <Section id="device-more" title="Other details">
                <Facts
                  facts={[
                    ...custom.map(([key, value]): Fact => [labelOf(key), customValue(value)]),
                    ...(device.notes ? [['Notes', device.notes] as Fact] : []),
                  ]}
                />
              </Section>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            {slots.maintenance ? slots.maintenance(device) : null}
            {slots.workHistory ? (
              <Section id="device-work" title="Work history">
                {slots.workHistory(device)}
              </Section>
            ) : null}
            <Section id="device-lifecycle" title="Lifecycle">
              <Lifecycle device={device} onReload={onReload} reloading={reloading} />
            </Section>
            <Section id="device-system" title="System and components">
              <Children device={device} />
            </Section>
            <Section id="device-documents" title="Documents">
              <DocumentsPanel owner={{ kind: 'devices', id: device.id }} canManage={canManage} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

export function DevicePage({ slots }: { slots?: DevicePageSlots }) {
  const { id = '' } = useParams();
  const device = useDevice(id);
  return (
    <>
      <Anchor component={Link} to="/inventory/devices" size="sm" mb="xs" display="inline-flex">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Devices
        </Group>
      </Anchor>
      {device.data ? (
        <DeviceDetails
          device={device.data}
          onReload={() => void device.refetch()}
          reloading={device.isFetching}
          slots={slots}
        />
      ) : device.error ? (
        <ErrorAlert error={device.error} onRetry={() => void device.refetch()} />
      ) : (
        <Center py="xl" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed" ml="sm">
            Loading device…
          </Text>
        </Center>
      )}
    </>
  );
}
