import { useQuery } from '@tanstack/react-query';
import { Site, pageOf } from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';

/** The organization's sites the person may see (first 200), for pickers and filters. */
export function useSites() {
  return useQuery({
    queryKey: ['sites', 'options'],
    queryFn: () => api.get('/api/v1/sites', pageOf(Site), { limit: 200 }),
    staleTime: 60_000,
  });
}

export function siteOptions(sites: readonly Site[] | undefined) {
  return (sites ?? []).map((s) => ({
    value: s.id,
    label: s.active ? `${s.name} (${s.code})` : `${s.name} (${s.code}, inactive)`,
  }));
}
