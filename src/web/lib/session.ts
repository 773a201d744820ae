import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useNavigate } from 'react-router';
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

/**
 * The signed-in person; only for components rendered inside the route guard. While signing out, the cache is
 * cleared as the signed-in area unmounts; a component rendered in that moment keeps the person it last saw.
 */
export function useSignedInMe(): Me {
  const { data } = useMe();
  const last = useRef(data);
  if (data) last.current = data;
  if (!last.current) throw new Error('useSignedInMe used outside the signed-in area');
  return last.current;
}

export function hasPermission(me: Me | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

export function usePermission(permission: Permission): boolean {
  const { data } = useMe();
  return hasPermission(data, permission);
}

/**
 * Ends the session, leaves the signed-in area, and only then forgets every cached answer (clearing first would
 * leave the layout rendering without a signed-in person for a moment).
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post('/api/v1/auth/logout', Ok),
    onSettled: async () => {
      setCsrfToken(null);
      await navigate('/sign-in', { replace: true });
      queryClient.clear();
    },
  });
}
