import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MyWorkResponse,
  NotificationListResponse,
  Notification,
  ReadAllResponse,
  SignatureVerification,
  Site,
  User,
  WorkOrder,
  WorkOrderDetail,
  pageOf,
  type AddAddendumRequest,
  type AddLaborRequest,
  type AddPartRequest,
  type AssignWorkOrderRequest,
  type CompleteWorkOrderRequest,
  type CreateWorkOrderRequest,
  type EscalateMissingRequest,
  type RecordAttemptRequest,
  type UpdateWorkOrderRequest,
  type WorkOrderKind,
  type WorkOrderReasonRequest,
  type WorkOrderStatus,
  type WorkOrderVersionRequest,
} from '../../../contracts/index.ts';
import { api, type QueryParams } from '../../lib/api.ts';
import { usePagedList } from '../../lib/paging.ts';

export const workOrdersKey = ['work-orders'] as const;
export const notificationsKey = ['notifications'] as const;

const workOrderPath = (id: string) => `/api/v1/work-orders/${encodeURIComponent(id)}`;

/** The list's filters as they appear in the page's address and in GET /work-orders. */
export interface WorkOrderFilters {
  q: string;
  status: WorkOrderStatus[];
  kind: WorkOrderKind[];
  /** '' anyone, 'me', or a user id. */
  assignee: string;
  siteId: string;
  overdue: boolean;
}

export const noWorkOrderFilters: WorkOrderFilters = {
  q: '',
  status: [],
  kind: [],
  assignee: '',
  siteId: '',
  overdue: false,
};

export function workOrderQuery(filters: WorkOrderFilters): QueryParams {
  return {
    q: filters.q.trim(),
    status: filters.status.join(','),
    kind: filters.kind.join(','),
    assignee: filters.assignee,
    siteId: filters.siteId,
    overdue: filters.overdue ? 'true' : undefined,
  };
}

export function useWorkOrderList(filters: WorkOrderFilters) {
  return usePagedList([...workOrdersKey, 'list'], '/api/v1/work-orders', WorkOrder, {
    limit: 50,
    ...workOrderQuery(filters),
  });
}

/** The caller's today as a calendar date in the browser's zone (the server's "today" is UTC otherwise). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function useMyWork() {
  const today = localToday();
  return useQuery({
    queryKey: [...workOrdersKey, 'my-work', today],
    queryFn: () => api.get('/api/v1/work-orders/my-work', MyWorkResponse, { today }),
    staleTime: 0,
  });
}

export function useWorkOrder(id: string) {
  return useQuery({
    queryKey: [...workOrdersKey, 'one', id],
    queryFn: () => api.get(workOrderPath(id), WorkOrderDetail),
    staleTime: 0,
  });
}

export function useDeviceWorkOrders(deviceId: string) {
  return usePagedList(
    [...workOrdersKey, 'device', deviceId],
    `/api/v1/devices/${encodeURIComponent(deviceId)}/work-orders`,
    WorkOrder,
    { limit: 20 },
  );
}

export function useSiteZone(siteId: string | undefined) {
  return useQuery({
    queryKey: ['sites', 'one', siteId],
    queryFn: () => api.get(`/api/v1/sites/${encodeURIComponent(siteId ?? '')}`, Site),
    enabled: siteId !== undefined,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Active people to assign work to (needs users.read; otherwise the page offers "Assign to me" only). */
export function useAssignableUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: () => api.get('/api/v1/users', pageOf(User), { active: 'true', limit: 200 }),
    enabled,
    staleTime: 60_000,
  });
}

/** Every write answers the changed work order; the page then reloads the detail (labor, history, …). */
export type WorkOrderWrite =
  | { action: 'update'; body: UpdateWorkOrderRequest }
  | { action: 'assign'; body: AssignWorkOrderRequest }
  | { action: 'start' | 'resume' | 'close'; body: WorkOrderVersionRequest }
  | { action: 'hold' | 'cancel' | 'reopen'; body: WorkOrderReasonRequest }
  | { action: 'complete'; body: CompleteWorkOrderRequest }
  | { action: 'labor'; body: AddLaborRequest }
  | { action: 'parts'; body: AddPartRequest }
  | { action: 'attempts'; body: RecordAttemptRequest }
  | { action: 'escalate-missing'; body: EscalateMissingRequest }
  | { action: 'addenda'; body: AddAddendumRequest };

export function sendWrite(id: string, write: WorkOrderWrite): Promise<WorkOrderDetail> {
  if (write.action === 'update') return api.patch(workOrderPath(id), WorkOrderDetail, write.body);
  return api.post(`${workOrderPath(id)}/${write.action}`, WorkOrderDetail, write.body);
}

export function useWorkOrderWrite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (write: WorkOrderWrite) => sendWrite(id, write),
    onSuccess: async (detail) => {
      queryClient.setQueryData([...workOrdersKey, 'one', id], detail);
      await queryClient.invalidateQueries({ queryKey: workOrdersKey });
    },
  });
}

/** Recomputes each signature's record hash on the server: a mismatch means the signed facts were altered. */
export function useVerifySignatures(id: string) {
  return useMutation({
    mutationFn: () => api.get(`${workOrderPath(id)}/signatures/verify`, SignatureVerification),
  });
}

/** POST /devices/{id}/found: the device goes out of service and gets a check before it returns to service. */
export function useDeviceFound(deviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api.post(`/api/v1/devices/${encodeURIComponent(deviceId)}/found`, WorkOrderDetail, { version }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workOrdersKey });
      await queryClient.invalidateQueries({ queryKey: ['devices'] });
    },
  });
}

/** POST /work-orders with an Idempotency-Key: a retried or double-submitted request makes one work order. */
export function useCreateWorkOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateWorkOrderRequest; idempotencyKey: string }) =>
      api.post('/api/v1/work-orders', WorkOrder, body, { 'idempotency-key': idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workOrdersKey }),
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: () => api.get('/api/v1/notifications', NotificationListResponse, { limit: 20 }),
    staleTime: 30_000,
    refetchInterval: 120_000,
    retry: false,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      if (id === 'all') await api.post('/api/v1/notifications/read-all', ReadAllResponse);
      else await api.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`, Notification);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
