import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ReferenceTable,
  ReferenceTableList,
  ReferenceTableVersionList,
  type CreateReferenceVersionRequest,
  type ReferenceKind,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';

export const referenceTablesKey = ['reference-tables'] as const;

export const referenceKindLabels: Record<ReferenceKind, string> = {
  risk_model: 'Risk model',
  tolerance_table: 'Due-date tolerance',
  regulatory_references: 'Regulatory references',
  aem_exclusions: 'AEM exclusions',
  policy: 'Policy',
};

const path = (id: string) => `/api/v1/reference-tables/${encodeURIComponent(id)}`;

export function useReferenceTables(kind: ReferenceKind | '') {
  return useQuery({
    queryKey: [...referenceTablesKey, 'list', kind],
    queryFn: () => api.get('/api/v1/reference-tables', ReferenceTableList, { kind }),
  });
}

export function useReferenceTable(id: string | null) {
  return useQuery({
    queryKey: [...referenceTablesKey, 'one', id],
    queryFn: () => api.get(path(id ?? ''), ReferenceTable),
    enabled: id !== null,
  });
}

export function useReferenceVersions(id: string | null) {
  return useQuery({
    queryKey: [...referenceTablesKey, 'versions', id],
    queryFn: () => api.get(`${path(id ?? '')}/versions`, ReferenceTableVersionList),
    enabled: id !== null,
  });
}

export function useCreateReferenceVersion(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateReferenceVersionRequest) =>
      api.post(`${path(id)}/versions`, ReferenceTable, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: referenceTablesKey }),
  });
}
