import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DeviceType,
  Manufacturer,
  Model,
  pageOf,
  type CreateDeviceTypeRequest,
  type CreateManufacturerRequest,
  type CreateModelRequest,
  type UpdateDeviceTypeRequest,
  type UpdateManufacturerRequest,
  type UpdateModelRequest,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.ts';
import type { Option } from '../../../components/RemoteSelect.tsx';
import { deviceClassLabels } from '../shared/options.ts';

export const deviceTypesKey = ['device-types'] as const;
export const manufacturersKey = ['manufacturers'] as const;
export const modelsKey = ['models'] as const;

// --- Device types ---------------------------------------------------------------------------------------------

export interface DeviceTypeFilters {
  q: string;
  source: 'fda' | 'organization' | '';
  deviceClass: string;
}

export function useDeviceTypeList(filters: DeviceTypeFilters) {
  return usePagedList([...deviceTypesKey, 'list'], '/api/v1/device-types', DeviceType, {
    limit: 50,
    ...filters,
  });
}

export function deviceTypeLabel(t: {
  name: string;
  productCode: string | null;
  deviceClass: DeviceType['deviceClass'];
}): string {
  const code = t.productCode ? `${t.productCode} · ` : '';
  const cls = t.deviceClass ? ` (${deviceClassLabels[t.deviceClass]})` : '';
  return `${code}${t.name}${cls}`;
}

export async function searchDeviceTypes(q: string): Promise<Option[]> {
  const page = await api.get('/api/v1/device-types', pageOf(DeviceType), { q, limit: 30 });
  return page.items.map((t) => ({ value: t.id, label: deviceTypeLabel(t) }));
}

export async function lookUpDeviceType(id: string): Promise<Option> {
  const t = await api.get(`/api/v1/device-types/${encodeURIComponent(id)}`, DeviceType);
  return { value: t.id, label: deviceTypeLabel(t) };
}

export function useCreateDeviceType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDeviceTypeRequest) => api.post('/api/v1/device-types', DeviceType, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deviceTypesKey }),
  });
}

export function useUpdateDeviceType(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDeviceTypeRequest) =>
      api.patch(`/api/v1/device-types/${encodeURIComponent(id)}`, DeviceType, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deviceTypesKey }),
  });
}

// --- Manufacturers --------------------------------------------------------------------------------------------

export function useManufacturerList(q: string) {
  return usePagedList([...manufacturersKey, 'list'], '/api/v1/manufacturers', Manufacturer, {
    limit: 50,
    q,
  });
}

export async function searchManufacturers(q: string): Promise<Option[]> {
  const page = await api.get('/api/v1/manufacturers', pageOf(Manufacturer), { q, limit: 30 });
  return page.items.map((m) => ({ value: m.id, label: m.name }));
}

export async function lookUpManufacturer(id: string): Promise<Option> {
  const m = await api.get(`/api/v1/manufacturers/${encodeURIComponent(id)}`, Manufacturer);
  return { value: m.id, label: m.name };
}

export function useCreateManufacturer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateManufacturerRequest) => api.post('/api/v1/manufacturers', Manufacturer, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manufacturersKey }),
  });
}

export function useUpdateManufacturer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateManufacturerRequest) =>
      api.patch(`/api/v1/manufacturers/${encodeURIComponent(id)}`, Manufacturer, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: manufacturersKey }),
  });
}

// --- Models ---------------------------------------------------------------------------------------------------

export interface ModelFilters {
  q: string;
  manufacturerId: string;
  deviceTypeId: string;
}

export function useModelList(filters: ModelFilters) {
  return usePagedList([...modelsKey, 'list'], '/api/v1/models', Model, { limit: 50, ...filters });
}

export const modelLabel = (m: { modelNumber: string; name: string; manufacturer: { name: string } }) =>
  `${m.manufacturer.name} ${m.modelNumber}${m.name && m.name !== m.modelNumber ? ` — ${m.name}` : ''}`;

export async function searchModels(q: string, manufacturerId = ''): Promise<Option[]> {
  const page = await api.get('/api/v1/models', pageOf(Model), { q, manufacturerId, limit: 30 });
  return page.items.map((m) => ({ value: m.id, label: modelLabel(m) }));
}

export async function lookUpModel(id: string): Promise<Option> {
  const m = await api.get(`/api/v1/models/${encodeURIComponent(id)}`, Model);
  return { value: m.id, label: modelLabel(m) };
}

export function useCreateModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateModelRequest) => api.post('/api/v1/models', Model, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelsKey }),
  });
}

export function useUpdateModel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateModelRequest) =>
      api.patch(`/api/v1/models/${encodeURIComponent(id)}`, Model, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelsKey }),
  });
}
