import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  MfaSetupResponse,
  Ok,
  SessionList,
  type ChangePasswordRequest,
  type MfaDisableRequest,
  type MfaEnableRequest,
} from '../../../contracts/index.ts';
import { api } from '../../lib/api.ts';
import { meQueryKey } from '../../lib/session.ts';

const sessionsKey = ['auth', 'sessions'] as const;

export function useMySessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => api.get('/api/v1/auth/sessions', SessionList) });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/auth/sessions/${encodeURIComponent(id)}/end`, Ok, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof ChangePasswordRequest>) => api.post('/api/v1/auth/password', Ok, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useMfaSetup() {
  return useMutation({ mutationFn: () => api.post('/api/v1/auth/mfa/setup', MfaSetupResponse, {}) });
}

export function useMfaEnable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof MfaEnableRequest>) => api.post('/api/v1/auth/mfa/enable', Ok, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useMfaDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof MfaDisableRequest>) => api.post('/api/v1/auth/mfa/disable', Ok, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
