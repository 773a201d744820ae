import {
  IconBuildingFactory2,
  IconCategory,
  IconCertificate,
  IconDeviceHeartMonitor,
  IconFileImport,
  IconStack2,
  IconHome,
  IconKey,
  IconListDetails,
  IconServerCog,
  IconShieldCheck,
  IconUserCircle,
  IconUsers,
  IconBuildingHospital,
  IconChecklist,
  IconClipboardList,
  IconCalendarMonth,
  IconTemplate,
  IconScale,
  IconDatabaseCog,
  type Icon,
} from '@tabler/icons-react';
import type { Permission } from '../../contracts/index.ts';

export interface NavItem {
  label: string;
  path: string;
  icon: Icon;
  /** Shown only to people holding this permission. */
  permission?: Permission;
}

export interface NavGroup {
  label: string;
  items: readonly NavItem[];
}

/** The navigation that works today, grouped by capability. Planned areas come from lib/capabilities.ts. */
export const navGroups: readonly NavGroup[] = [
  {
    label: 'Work',
    items: [
      { label: 'My work', path: '/my-work', icon: IconChecklist, permission: 'work-orders.perform' },
      { label: 'Work orders', path: '/work-orders', icon: IconClipboardList, permission: 'work-orders.read' },
    ],
  },
  { label: 'Overview', items: [{ label: 'Home', path: '/', icon: IconHome }] },
  {
    label: 'Inventory',
    items: [
      {
        label: 'Devices',
        path: '/inventory/devices',
        icon: IconDeviceHeartMonitor,
        permission: 'inventory.read',
      },
      { label: 'Models', path: '/inventory/models', icon: IconStack2, permission: 'inventory.read' },
      {
        label: 'Manufacturers',
        path: '/inventory/manufacturers',
        icon: IconBuildingFactory2,
        permission: 'inventory.read',
      },
      {
        label: 'Device types',
        path: '/inventory/device-types',
        icon: IconCategory,
        permission: 'inventory.read',
      },
      {
        label: 'Import devices',
        path: '/inventory/import',
        icon: IconFileImport,
        permission: 'inventory.import',
      },
    ],
  },
  {
    label: 'Maintenance',
    items: [
      {
        label: 'Calendar and workload',
        path: '/maintenance/calendar',
        icon: IconCalendarMonth,
        permission: 'maintenance.read',
      },
      {
        label: 'Plan templates',
        path: '/maintenance/templates',
        icon: IconTemplate,
        permission: 'maintenance.read',
      },
      { label: 'AEM program', path: '/maintenance/aem', icon: IconScale, permission: 'maintenance.read' },
      {
        label: 'Reference data',
        path: '/admin/reference-data',
        icon: IconDatabaseCog,
        permission: 'maintenance.read',
      },
    ],
  },
  {
    label: 'Administration',
    items: [
      { label: 'Users', path: '/admin/users', icon: IconUsers, permission: 'users.read' },
      { label: 'Sites', path: '/admin/sites', icon: IconBuildingHospital, permission: 'sites.read' },
      { label: 'API tokens', path: '/admin/api-tokens', icon: IconKey, permission: 'api-tokens.manage' },
      { label: 'Roles', path: '/admin/roles', icon: IconCertificate, permission: 'users.read' },
      { label: 'Background jobs', path: '/admin/jobs', icon: IconServerCog, permission: 'jobs.read' },
    ],
  },
  {
    label: 'Oversight',
    items: [{ label: 'Audit trail', path: '/audit', icon: IconShieldCheck, permission: 'audit.read' }],
  },
];

export const accountItems: readonly NavItem[] = [
  { label: 'Profile', path: '/profile', icon: IconUserCircle },
];

export const plannedIcon: Icon = IconListDetails;

export function visibleGroups(permissions: readonly Permission[]): NavGroup[] {
  return navGroups
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => !item.permission || permissions.includes(item.permission)),
    }))
    .filter((group) => group.items.length > 0);
}

export function isActivePath(itemPath: string, pathname: string): boolean {
  if (itemPath === '/') return pathname === '/';
  return pathname === itemPath || pathname.startsWith(`${itemPath}/`);
}
