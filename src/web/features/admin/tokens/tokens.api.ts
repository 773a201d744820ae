import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ApiTokenList,
  CreatedApiToken,
  Ok,
  type CreateApiTokenRequest,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';

const tokensKey = ['api-tokens'] as const;

export function useApiTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => api.get('/api/v1/api-tokens', ApiTokenList) });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenRequest) => api.post('/api/v1/api-tokens', CreatedApiToken, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/api-tokens/${encodeURIComponent(id)}/revoke`, Ok, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
