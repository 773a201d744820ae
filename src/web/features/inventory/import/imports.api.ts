import { useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  DEVICE_IMPORT_CONTENT_TYPES,
  DeviceImport,
  DeviceImportCheck,
  DeviceImportUploaded,
  type DeviceImportFormat,
  type DeviceImportRequest,
} from '../../../../contracts/index.ts';
import { api, upload, withQuery } from '../../../lib/api.ts';

/** The format from the file's name; anything else is refused before upload. */
export function importFormatOf(fileName: string): DeviceImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

export function useUploadImport() {
  return useMutation({
    mutationFn: ({ file, format }: { file: File; format: DeviceImportFormat }) =>
      upload(
        withQuery('/api/v1/device-imports', { fileName: file.name }),
        DeviceImportUploaded,
        file,
        DEVICE_IMPORT_CONTENT_TYPES[format],
      ),
  });
}

const importPath = (id: string) => `/api/v1/device-imports/${encodeURIComponent(id)}`;

export function useDryRun(id: string) {
  return useMutation({
    mutationFn: (body: DeviceImportRequest) => api.post(`${importPath(id)}/dry-run`, DeviceImportCheck, body),
  });
}

/** Starts the import as a job; its progress is then read from GET /device-imports/{id}. */
export function useApplyImport(id: string) {
  return useMutation({
    mutationFn: (body: DeviceImportRequest) => api.post(`${importPath(id)}/apply`, z.unknown(), body),
  });
}

const running = new Set<DeviceImport['status']>(['queued', 'applying']);
export const POLL_MS = 1000;

/** The import's state, read again every second while the job runs. */
export function useImportStatus(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['device-imports', id],
    queryFn: () => api.get(importPath(id), DeviceImport),
    enabled,
    staleTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === undefined || running.has(status) ? POLL_MS : false;
    },
  });
}
