import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Me, Ok, type Permission } from '../../contracts/index.ts';
import { api, setCsrfToken } from './api.ts';
import { meQueryKey } from './query-client.ts';

export { meQueryKey };

export async function fetchMe(): Promise<Me> {
  const me = await api.get('/api/v1/auth/me', Me);
  setCsrfToken(me.csrfToken);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The signed-in person; only for components rendered inside the route guard. */
export function useSignedInMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInMe used outside the signed-in area');
  return data;
}

export function hasPermission(me: Me | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

export function usePermission(permission: Permission): boolean {
  const { data } = useMe();
  return hasPermission(data, permission);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/v1/auth/logout', Ok),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
    },
  });
}
