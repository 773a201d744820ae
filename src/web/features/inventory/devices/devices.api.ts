import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { z } from 'zod';
import {
  CustomFieldDefinition,
  Device,
  DeviceHistoryResponse,
  DeviceListResponse,
  Site,
  pageOf,
  type ChangeDeviceStatusRequest,
  type CreateDeviceRequest,
  type LabelRequest,
  type DeviceStatus,
  type Ownership,
  type UpdateDeviceRequest,
  deviceSortKeys,
} from '../../../../contracts/index.ts';
import { api, requestBlob, withQuery, type QueryParams } from '../../../lib/api.ts';

export const devicesKey = ['devices'] as const;

export type DeviceSortKey = (typeof deviceSortKeys)[number];

/** The list's filters as they appear in the page's address and in GET /devices (and its export). */
export interface DeviceFilters {
  q: string;
  siteId: string;
  status: DeviceStatus[];
  manufacturerId: string;
  modelId: string;
  deviceTypeId: string;
  department: string;
  ownership: Ownership | '';
  sort: DeviceSortKey;
  order: 'asc' | 'desc';
}

export const noDeviceFilters: DeviceFilters = {
  q: '',
  siteId: '',
  status: [],
  manufacturerId: '',
  modelId: '',
  deviceTypeId: '',
  department: '',
  ownership: '',
  sort: 'assetTag',
  order: 'asc',
};

/** Filters -> query parameters; several statuses travel as one comma-separated value. */
export function deviceQuery(filters: DeviceFilters): QueryParams {
  return {
    q: filters.q.trim(),
    siteId: filters.siteId,
    status: filters.status.join(','),
    manufacturerId: filters.manufacturerId,
    modelId: filters.modelId,
    deviceTypeId: filters.deviceTypeId,
    department: filters.department.trim(),
    ownership: filters.ownership,
    sort: filters.sort === 'assetTag' ? undefined : filters.sort,
    order: filters.order === 'asc' ? undefined : filters.order,
  };
}

export function exportUrl(filters: DeviceFilters, format: 'csv' | 'xlsx'): string {
  return withQuery('/api/v1/devices/export', { format, ...deviceQuery(filters) });
}

export function useDeviceList(filters: DeviceFilters) {
  const params = { limit: 50, ...deviceQuery(filters) };
  const query = useInfiniteQuery({
    queryKey: [...devicesKey, 'list', params],
    queryFn: ({ pageParam }) =>
      api.get('/api/v1/devices', DeviceListResponse, { ...params, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items), [query.data]);
  const match = query.data?.pages[0]?.match;
  const tableState = {
    isLoading: query.isPending,
    error: query.error,
    onRetry: () => void query.refetch(),
    hasMore: query.hasNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    isLoadingMore: query.isFetchingNextPage,
  };
  return { query, items, match, tableState };
}

/** What a scanned or typed code finds on its own, without the list's other filters. */
export function lookUpDevice(q: string): Promise<DeviceListResponse> {
  return api.get('/api/v1/devices', DeviceListResponse, { q, limit: 2 });
}

/** A scan answer that names one device exactly (not a text search). */
export function exactDevice(answer: DeviceListResponse): Device | null {
  const exact = answer.match === 'asset_tag' || answer.match === 'serial_number' || answer.match === 'udi';
  return exact && answer.items.length === 1 ? (answer.items[0] ?? null) : null;
}

const devicePath = (id: string) => `/api/v1/devices/${encodeURIComponent(id)}`;

export function useDevice(id: string) {
  return useQuery({
    queryKey: [...devicesKey, 'one', id],
    queryFn: () => api.get(devicePath(id), Device),
    staleTime: 0,
  });
}

export function useDeviceHistory(id: string) {
  return useQuery({
    queryKey: [...devicesKey, 'history', id],
    queryFn: () => api.get(`${devicePath(id)}/history`, DeviceHistoryResponse),
    staleTime: 0,
  });
}

export function useDeviceChildren(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...devicesKey, 'children', id],
    queryFn: () => api.get(`${devicePath(id)}/children`, pageOf(Device), { limit: 200 }),
    enabled,
  });
}

export function useSite(id: string) {
  return useQuery({
    queryKey: ['sites', 'one', id],
    queryFn: () => api.get(`/api/v1/sites/${encodeURIComponent(id)}`, Site),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCustomFields() {
  return useQuery({
    queryKey: ['custom-fields'],
    queryFn: () => api.get('/api/v1/custom-fields', z.object({ items: z.array(CustomFieldDefinition) })),
    staleTime: 5 * 60_000,
  });
}

export function useCreateDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDeviceRequest) => api.post('/api/v1/devices', Device, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function useUpdateDevice(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDeviceRequest) => api.patch(devicePath(id), Device, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function useChangeStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeDeviceStatusRequest) => api.post(`${devicePath(id)}/status`, Device, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function labelUrl(id: string): string {
  return `${devicePath(id)}/label.pdf`;
}

export type LabelChoice = Pick<LabelRequest, 'layout'> & Partial<Pick<LabelRequest, 'sheet'>>;

export function printLabels(deviceIds: string[], choice: LabelChoice): Promise<Blob> {
  const body: z.input<typeof LabelRequest> = { deviceIds, ...choice };
  return requestBlob('POST', '/api/v1/labels', body);
}
