import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AemAssessmentPage,
  Device,
  DeviceMaintenancePlansResponse,
  DeviceMaintenanceProfile,
  DueWindow,
  IncidentRate,
  MaintenancePlan,
  MaintenanceProfile,
  RiskAssessment,
  RiskEvaluation,
  RiskModelList,
  User,
  pageOf,
  type CreateMaintenancePlanRequest,
  type CreateRiskAssessmentRequest,
  type EvaluateRiskRequest,
  type PlanAnchor,
  type ProfileScope,
  type RetirePlanRequest,
  type UpdateMaintenancePlanRequest,
  type UpdateMaintenanceProfileRequest,
} from '../../../contracts/index.ts';
import { api, request } from '../../lib/api.ts';

export const maintenanceKey = ['maintenance'] as const;
const enc = encodeURIComponent;

export function useDeviceSummary(id: string) {
  return useQuery({
    queryKey: ['devices', 'one', id],
    queryFn: () => api.get(`/api/v1/devices/${enc(id)}`, Device),
  });
}

export function useDeviceProfile(deviceId: string) {
  return useQuery({
    queryKey: [...maintenanceKey, 'profile', deviceId],
    queryFn: () => api.get(`/api/v1/devices/${enc(deviceId)}/maintenance-profile`, DeviceMaintenanceProfile),
  });
}

export function useUpdateProfile(deviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      scope,
      targetId,
      body,
    }: {
      scope: ProfileScope;
      targetId: string;
      body: UpdateMaintenanceProfileRequest;
    }) => request('PUT', `/api/v1/maintenance-profiles/${scope}/${enc(targetId)}`, MaintenanceProfile, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...maintenanceKey, 'profile', deviceId] }),
  });
}

export function useRiskModels() {
  return useQuery({
    queryKey: [...maintenanceKey, 'risk-models'],
    queryFn: () => api.get('/api/v1/risk-models', RiskModelList),
    staleTime: 5 * 60_000,
  });
}

/** Evaluates the chosen factor values live (the server's rules and the model version in force). */
export function useRiskEvaluation(modelId: string | null, body: EvaluateRiskRequest | null) {
  return useQuery({
    queryKey: [...maintenanceKey, 'evaluate', modelId, body],
    queryFn: () => api.post(`/api/v1/risk-models/${enc(modelId ?? '')}/evaluate`, RiskEvaluation, body),
    enabled: modelId !== null && body !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCreateRiskAssessment(deviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRiskAssessmentRequest) =>
      api.post('/api/v1/risk-assessments', RiskAssessment, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...maintenanceKey, 'profile', deviceId] }),
  });
}

export function useDevicePlans(deviceId: string) {
  return useQuery({
    queryKey: [...maintenanceKey, 'plans', deviceId],
    queryFn: () =>
      api.get(`/api/v1/devices/${enc(deviceId)}/maintenance-plans`, DeviceMaintenancePlansResponse),
  });
}

export interface DueWindowParams {
  interval: string;
  anchor: PlanAnchor;
  lastCompleted?: string | undefined;
  seriesStart?: string | undefined;
}

/** The due window an interval gives from an anchor date (tolerance table in force). */
export function useDueWindow(params: DueWindowParams | null) {
  return useQuery({
    queryKey: [...maintenanceKey, 'due-window', params],
    queryFn: () => api.get('/api/v1/maintenance/due-window', DueWindow, { ...params }),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  });
}

function useInvalidatePlans() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [...maintenanceKey, 'plans'] });
}

export function useCreatePlan() {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: CreateMaintenancePlanRequest) =>
      api.post('/api/v1/maintenance-plans', MaintenancePlan, body),
    onSuccess: invalidate,
  });
}

export function useUpdatePlan(id: string) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: UpdateMaintenancePlanRequest) =>
      api.patch(`/api/v1/maintenance-plans/${enc(id)}`, MaintenancePlan, body),
    onSuccess: invalidate,
  });
}

export function useRetirePlan(id: string) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: RetirePlanRequest) =>
      api.post(`/api/v1/maintenance-plans/${enc(id)}/retire`, MaintenancePlan, body),
    onSuccess: invalidate,
  });
}

export function useApprovedAemAssessments(enabled: boolean) {
  return useQuery({
    queryKey: [...maintenanceKey, 'aem', 'approved-options'],
    queryFn: () => api.get('/api/v1/aem-assessments', AemAssessmentPage, { status: 'approved', limit: 200 }),
    enabled,
  });
}

/** Failures per unit-year of a model from its corrective work orders (the derived incident history, §3.1). */
export function useIncidentRate(modelId: string | null, months: number | undefined) {
  return useQuery({
    queryKey: [...maintenanceKey, 'incident-rate', modelId, months],
    queryFn: () =>
      api.get('/api/v1/incident-rate', IncidentRate, { scope: 'model', targetId: modelId ?? '', months }),
    enabled: modelId !== null,
    retry: false,
  });
}

/** Active people work can be assigned to (needs users.read; callers hide the choice when it fails). */
export function useTechnicians(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: () => api.get('/api/v1/users', pageOf(User), { active: 'true', limit: 200 }),
    enabled,
    retry: false,
  });
}
