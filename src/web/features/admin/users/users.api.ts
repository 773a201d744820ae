import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  Ok,
  User,
  type CreateUserRequest,
  type ResetPasswordRequest,
  type Role,
  type UpdateUserRequest,
} from '../../../../contracts/index.ts';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.ts';

export const usersKey = ['users'] as const;

export interface UserFilters {
  q: string;
  role: Role | '';
  active: 'true' | 'false' | '';
}

export function useUserList(filters: UserFilters) {
  return usePagedList([...usersKey, 'list'], '/api/v1/users', User, { limit: 50, ...filters });
}

export function useUser(id: string, initialData: User) {
  return useQuery({
    queryKey: [...usersKey, 'one', id],
    queryFn: () => api.get(`/api/v1/users/${encodeURIComponent(id)}`, User),
    initialData,
    staleTime: 0,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => api.post('/api/v1/users', User, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserRequest) => api.patch(`/api/v1/users/${encodeURIComponent(id)}`, User, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useResetPassword(id: string) {
  return useMutation({
    mutationFn: (body: z.input<typeof ResetPasswordRequest>) =>
      api.post(`/api/v1/users/${encodeURIComponent(id)}/reset-password`, Ok, body),
  });
}

export function useEndUserSessions(id: string) {
  return useMutation({
    mutationFn: () => api.post(`/api/v1/users/${encodeURIComponent(id)}/end-sessions`, Ok, {}),
  });
}
