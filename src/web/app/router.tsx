import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, Navigate, createBrowserRouter, type RouteObject } from 'react-router';
import type { DeviceStatus, Permission } from '../../contracts/index.ts';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { RequireAuth, RequirePermission } from './guards.tsx';
import { Layout } from './Layout.tsx';

/** Pages outside the home page are loaded on demand, so the first screen stays small and fast. */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const UsersPage = lazyPage(() => import('../features/admin/users/UsersPage.tsx'), 'UsersPage');
const SitesPage = lazyPage(() => import('../features/admin/sites/SitesPage.tsx'), 'SitesPage');
const ApiTokensPage = lazyPage(() => import('../features/admin/tokens/ApiTokensPage.tsx'), 'ApiTokensPage');
const RolesPage = lazyPage(() => import('../features/admin/roles/RolesPage.tsx'), 'RolesPage');
const JobsPage = lazyPage(() => import('../features/admin/jobs/JobsPage.tsx'), 'JobsPage');
const DeviceListPage = lazyPage(
  () => import('../features/inventory/devices/DeviceListPage.tsx'),
  'DeviceListPage',
);
const DevicePage = lazy(async () => ({
  default: (await import('../features/inventory/devices/DevicePage.tsx')).DevicePage,
}));
const NewDevicePage = lazyPage(
  () => import('../features/inventory/devices/DeviceFormPage.tsx'),
  'NewDevicePage',
);
const EditDevicePage = lazyPage(
  () => import('../features/inventory/devices/DeviceFormPage.tsx'),
  'EditDevicePage',
);
const ModelsPage = lazyPage(() => import('../features/inventory/catalog/ModelsPage.tsx'), 'ModelsPage');
const ManufacturersPage = lazyPage(
  () => import('../features/inventory/catalog/ManufacturersPage.tsx'),
  'ManufacturersPage',
);
const DeviceTypesPage = lazyPage(
  () => import('../features/inventory/catalog/DeviceTypesPage.tsx'),
  'DeviceTypesPage',
);
const ImportPage = lazyPage(() => import('../features/inventory/import/ImportPage.tsx'), 'ImportPage');
const MyWorkPage = lazyPage(() => import('../features/work-orders/MyWorkPage.tsx'), 'MyWorkPage');
const WorkOrderListPage = lazyPage(
  () => import('../features/work-orders/WorkOrderListPage.tsx'),
  'WorkOrderListPage',
);
const WorkOrderPage = lazyPage(() => import('../features/work-orders/WorkOrderPage.tsx'), 'WorkOrderPage');
const RequestRepairPage = lazyPage(
  () => import('../features/work-orders/RequestRepairPage.tsx'),
  'RequestRepairPage',
);
const DeviceWorkHistory = lazy(async () => ({
  default: (await import('../features/work-orders/DeviceWorkHistory.tsx')).DeviceWorkHistory,
}));
const DeviceMaintenanceSummary = lazy(async () => ({
  default: (await import('../features/maintenance/devices/DeviceMaintenanceSummary.tsx'))
    .DeviceMaintenanceSummary,
}));
const DeviceMaintenancePage = lazyPage(
  () => import('../features/maintenance/devices/DeviceMaintenancePage.tsx'),
  'DeviceMaintenancePage',
);
const CalendarPage = lazyPage(
  () => import('../features/maintenance/calendar/CalendarPage.tsx'),
  'CalendarPage',
);
const TemplatesPage = lazyPage(
  () => import('../features/maintenance/templates/TemplatesPage.tsx'),
  'TemplatesPage',
);
const AemPage = lazyPage(() => import('../features/maintenance/aem/AemPage.tsx'), 'AemPage');
const ReferenceDataPage = lazyPage(
  () => import('../features/maintenance/reference/ReferenceDataPage.tsx'),
  'ReferenceDataPage',
);
/** The device page's work history slot, filled by the work-orders feature. */
const deviceSlots = {
  maintenance: (device: { id: string }) => (
    <Suspense fallback={null}>
      <DeviceMaintenanceSummary deviceId={device.id} />
    </Suspense>
  ),
  workHistory: (device: { id: string; status: DeviceStatus; version: number }) => (
    <Suspense fallback={null}>
      <DeviceWorkHistory device={device} />
    </Suspense>
  ),
};
const AuditPage = lazyPage(() => import('../features/audit/AuditPage.tsx'), 'AuditPage');
const ProfilePage = lazyPage(() => import('../features/profile/ProfilePage.tsx'), 'ProfilePage');

function guarded(permission: Permission, page: ReactNode): ReactNode {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

function NotFound() {
  return (
    <Stack gap="xs">
      <Title order={1}>Page not found</Title>
      <Text>There is nothing at this address.</Text>
      <Anchor component={Link} to="/">
        Go to the home page
      </Anchor>
    </Stack>
  );
}

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'inventory', element: <Navigate to="/inventory/devices" replace /> },
          { path: 'inventory/devices', element: guarded('inventory.read', <DeviceListPage />) },
          { path: 'inventory/devices/new', element: guarded('inventory.manage', <NewDevicePage />) },
          {
            path: 'inventory/devices/:id',
            element: guarded('inventory.read', <DevicePage slots={deviceSlots} />),
          },
          { path: 'inventory/devices/:id/edit', element: guarded('inventory.manage', <EditDevicePage />) },
          { path: 'inventory/models', element: guarded('inventory.read', <ModelsPage />) },
          { path: 'inventory/manufacturers', element: guarded('inventory.read', <ManufacturersPage />) },
          { path: 'inventory/device-types', element: guarded('inventory.read', <DeviceTypesPage />) },
          { path: 'inventory/import', element: guarded('inventory.import', <ImportPage />) },
          { path: 'my-work', element: guarded('work-orders.perform', <MyWorkPage />) },
          { path: 'work-orders', element: guarded('work-orders.read', <WorkOrderListPage />) },
          { path: 'work-orders/new', element: guarded('work-orders.request', <RequestRepairPage />) },
          { path: 'work-orders/:id', element: guarded('work-orders.read', <WorkOrderPage />) },
          {
            path: 'maintenance/devices/:id',
            element: guarded('maintenance.read', <DeviceMaintenancePage />),
          },
          { path: 'maintenance/calendar', element: guarded('maintenance.read', <CalendarPage />) },
          { path: 'maintenance/aem', element: guarded('maintenance.read', <AemPage />) },
          { path: 'maintenance/templates', element: guarded('maintenance.read', <TemplatesPage />) },
          { path: 'admin/reference-data', element: guarded('maintenance.read', <ReferenceDataPage />) },
          { path: 'admin/users', element: guarded('users.read', <UsersPage />) },
          { path: 'admin/sites', element: guarded('sites.read', <SitesPage />) },
          { path: 'admin/api-tokens', element: guarded('api-tokens.manage', <ApiTokensPage />) },
          { path: 'admin/roles', element: guarded('users.read', <RolesPage />) },
          { path: 'admin/jobs', element: guarded('jobs.read', <JobsPage />) },
          { path: 'audit', element: guarded('audit.read', <AuditPage />) },
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
