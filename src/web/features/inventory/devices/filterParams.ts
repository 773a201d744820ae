import {
  deviceSortKeys,
  deviceStatuses,
  ownerships,
  type DeviceStatus,
} from '../../../../contracts/index.ts';
import { noDeviceFilters, type DeviceFilters, type DeviceSortKey } from './devices.api.ts';

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/** The list's filters from the page's address (unknown values are dropped, never guessed). */
export function filtersFromParams(params: URLSearchParams): DeviceFilters {
  const get = (key: string) => params.get(key) ?? '';
  const sort = params.get('sort');
  const ownership = params.get('ownership');
  return {
    q: get('q'),
    siteId: get('siteId'),
    status: get('status')
      .split(',')
      .filter((s): s is DeviceStatus => isOneOf(deviceStatuses, s)),
    manufacturerId: get('manufacturerId'),
    modelId: get('modelId'),
    deviceTypeId: get('deviceTypeId'),
    department: get('department'),
    ownership: isOneOf(ownerships, ownership) ? ownership : '',
    sort: isOneOf<DeviceSortKey>(deviceSortKeys, sort) ? sort : noDeviceFilters.sort,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/** Filters -> the page's address; defaults are left out so addresses stay short and shareable. */
export function paramsFromFilters(filters: DeviceFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value !== '') params.set(key, value);
  };
  set('q', filters.q);
  set('siteId', filters.siteId);
  set('status', filters.status.join(','));
  set('manufacturerId', filters.manufacturerId);
  set('modelId', filters.modelId);
  set('deviceTypeId', filters.deviceTypeId);
  set('department', filters.department);
  set('ownership', filters.ownership);
  if (filters.sort !== noDeviceFilters.sort) set('sort', filters.sort);
  if (filters.order !== 'asc') set('order', filters.order);
  return params;
}
