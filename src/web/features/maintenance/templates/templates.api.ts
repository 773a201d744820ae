import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ApplyPlanDefaultsResult,
  PlanTemplate,
  type CreatePlanTemplateRequest,
  type RetirePlanRequest,
  type UpdatePlanTemplateRequest,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.ts';

export const templatesKey = ['maintenance', 'plan-templates'] as const;
const path = (id: string) => `/api/v1/plan-templates/${encodeURIComponent(id)}`;

export function usePlanTemplates(includeRetired: boolean) {
  return usePagedList([...templatesKey, 'list'], '/api/v1/plan-templates', PlanTemplate, {
    includeRetired,
    limit: 50,
  });
}

function useTemplateMutation<B>(send: (body: B) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
}

export const useCreateTemplate = () =>
  useTemplateMutation((body: CreatePlanTemplateRequest) =>
    api.post('/api/v1/plan-templates', PlanTemplate, body),
  );
export const useUpdateTemplate = (id: string) =>
  useTemplateMutation((body: UpdatePlanTemplateRequest) => api.patch(path(id), PlanTemplate, body));
export const useRetireTemplate = (id: string) =>
  useTemplateMutation((body: RetirePlanRequest) => api.post(`${path(id)}/retire`, PlanTemplate, body));

/** Creates the missing plans of every permitted device from the most specific template (idempotent). */
export function useApplyDefaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/v1/maintenance-plans/apply-defaults', ApplyPlanDefaultsResult, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['maintenance'] }),
  });
}
