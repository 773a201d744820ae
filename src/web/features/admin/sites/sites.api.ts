import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Site, pageOf, type CreateSiteRequest, type UpdateSiteRequest } from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.ts';

export const sitesKey = ['sites'] as const;

export interface SiteFilters {
  q: string;
  active: 'true' | 'false' | '';
}

export function useSiteList(filters: SiteFilters) {
  return usePagedList([...sitesKey, 'list'], '/api/v1/sites', Site, { limit: 50, ...filters });
}

/** Every site (first 200), for pickers such as a user's site access. */
export function useSiteOptions(enabled = true) {
  return useQuery({
    queryKey: [...sitesKey, 'options'],
    queryFn: () => api.get('/api/v1/sites', pageOf(Site), { limit: 200 }),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreateSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSiteRequest) => api.post('/api/v1/sites', Site, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sitesKey }),
  });
}

export function useUpdateSite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSiteRequest) => api.patch(`/api/v1/sites/${encodeURIComponent(id)}`, Site, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sitesKey }),
  });
}

export function useSite(id: string, initialData: Site) {
  return useQuery({
    queryKey: [...sitesKey, 'one', id],
    queryFn: () => api.get(`/api/v1/sites/${encodeURIComponent(id)}`, Site),
    initialData,
    staleTime: 0,
  });
}
