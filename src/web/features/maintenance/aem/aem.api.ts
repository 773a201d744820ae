import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AemAssessment,
  AemProgram,
  AemReview,
  AemReviewList,
  AemReviewsDue,
  type AemAssessmentStatus,
  type AemStatusChangeRequest,
  type CreateAemAssessmentRequest,
  type CreateAemReviewRequest,
  type RetireAemAssessmentRequest,
  type UpdateAemAssessmentRequest,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.ts';

export const aemKey = ['maintenance', 'aem'] as const;
const path = (id: string) => `/api/v1/aem-assessments/${encodeURIComponent(id)}`;

export function useAemAssessments(status: AemAssessmentStatus | '') {
  return usePagedList([...aemKey, 'list'], '/api/v1/aem-assessments', AemAssessment, { status, limit: 50 });
}

export function useAemProgram(enabled: boolean) {
  return useQuery({
    queryKey: [...aemKey, 'program'],
    queryFn: () => api.get('/api/v1/aem/program', AemProgram),
    enabled,
  });
}

export function useAemReviewsDue(within: string, enabled: boolean) {
  return useQuery({
    queryKey: [...aemKey, 'reviews-due', within],
    queryFn: () => api.get('/api/v1/aem/reviews-due', AemReviewsDue, { within }),
    enabled,
  });
}

/** One assessment, read again after every change (the list's copy may be older). */
export function useAemAssessment(initial: AemAssessment) {
  return useQuery({
    queryKey: [...aemKey, 'one', initial.id],
    queryFn: () => api.get(path(initial.id), AemAssessment),
    initialData: initial,
    staleTime: 0,
  });
}

export function useAemReviews(id: string) {
  return useQuery({
    queryKey: [...aemKey, 'reviews', id],
    queryFn: () => api.get(`${path(id)}/reviews`, AemReviewList),
  });
}

function useAemMutation<B>(send: (body: B) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aemKey }),
  });
}

export const useCreateAem = () =>
  useAemMutation((body: CreateAemAssessmentRequest) =>
    api.post('/api/v1/aem-assessments', AemAssessment, body),
  );
export const useUpdateAem = (id: string) =>
  useAemMutation((body: UpdateAemAssessmentRequest) => api.patch(path(id), AemAssessment, body));
export const useApproveAem = (id: string) =>
  useAemMutation((body: AemStatusChangeRequest) => api.post(`${path(id)}/approve`, AemAssessment, body));
export const useRetireAem = (id: string) =>
  useAemMutation((body: RetireAemAssessmentRequest) => api.post(`${path(id)}/retire`, AemAssessment, body));
export const useReviewAem = (id: string) =>
  useAemMutation((body: CreateAemReviewRequest) => api.post(`${path(id)}/reviews`, AemReview, body));
