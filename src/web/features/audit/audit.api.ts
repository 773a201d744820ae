import { useMutation, useQuery } from '@tanstack/react-query';
import { AuditEvent, AuditVerifyResult, User, pageOf } from '../../../contracts/index.ts';
import { api } from '../../lib/api.ts';
import { usePagedList } from '../../lib/paging.ts';

export interface AuditFilterValues {
  entityType: string;
  entityId: string;
  action: string;
  actorId: string;
  q: string;
  /** ISO instants (converted from the browser's local time). */
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilterValues = {
  entityType: '',
  entityId: '',
  action: '',
  actorId: '',
  q: '',
  from: '',
  to: '',
};

export function useAuditEvents(filters: AuditFilterValues) {
  // Every change elsewhere adds events, so the trail is fetched afresh on each visit.
  return usePagedList(
    ['audit-events', 'list'],
    '/api/v1/audit-events',
    AuditEvent,
    { limit: 50, ...filters },
    { staleTime: 0 },
  );
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.post('/api/v1/audit-events/verify', AuditVerifyResult, {}) });
}

/** People to pick as the actor filter (needs users.read; otherwise the filter is set from an event). */
export function useActorOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['audit-events', 'actors'],
    queryFn: () => api.get('/api/v1/users', pageOf(User), { limit: 200 }),
    enabled,
    staleTime: 300_000,
  });
}
