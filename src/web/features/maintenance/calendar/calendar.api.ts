import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BulkAssignResponse,
  Forecast,
  ScheduleRun,
  WorkOrderListResponse,
  openWorkOrderStatuses,
  type BulkAssignRequest,
  type ForecastQuery,
  type WorkOrder,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';

export const scheduledWorkKey = ['maintenance', 'scheduled-work'] as const;

/** At most this many work orders are drawn on one month (pages of 200); the page says when there are more. */
const MAX_PAGES = 5;

/** Open work due in a date range, every page up to a limit. */
export function useScheduledWork(range: { from: string; to: string }, siteId: string) {
  return useQuery({
    queryKey: [...scheduledWorkKey, range, siteId],
    queryFn: async (): Promise<{ items: WorkOrder[]; truncated: boolean }> => {
      const items: WorkOrder[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.get('/api/v1/work-orders', WorkOrderListResponse, {
          dueFrom: range.from,
          dueTo: range.to,
          status: openWorkOrderStatuses.join(','),
          siteId,
          limit: 200,
          cursor,
        });
        items.push(...answer.items);
        if (answer.nextCursor === null) return { items, truncated: false };
        cursor = answer.nextCursor;
      }
      return { items, truncated: true };
    },
  });
}

export function useBulkAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkAssignRequest) =>
      api.post('/api/v1/work-orders/bulk-assign', BulkAssignResponse, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduledWorkKey }),
  });
}

export function useRunSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/v1/maintenance/schedule-runs', ScheduleRun, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['maintenance'] }),
  });
}

export function useForecast(query: ForecastQuery) {
  return useQuery({
    queryKey: ['maintenance', 'forecast', query],
    queryFn: () => api.get('/api/v1/maintenance/forecast', Forecast, { ...query }),
    enabled: query.from !== '' && query.to !== '' && query.from <= query.to,
  });
}
