import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LoginResponse, type Me } from '../../../contracts/index.ts';
import { api, setCsrfToken } from '../../lib/api.ts';
import { meQueryKey } from '../../lib/session.ts';

export interface Credentials {
  email: string;
  password: string;
}

/** Keeps the CSRF token of whatever the login answered, and caches `me` when the login is complete. */
function useAcceptLogin() {
  const queryClient = useQueryClient();
  return (response: LoginResponse): LoginResponse => {
    if (response.status === 'ok') {
      setCsrfToken(response.me.csrfToken);
      queryClient.setQueryData<Me>(meQueryKey, response.me);
    } else {
      setCsrfToken(response.csrfToken);
    }
    return response;
  };
}

export function useLogin() {
  const accept = useAcceptLogin();
  return useMutation({
    mutationFn: async (credentials: Credentials) =>
      accept(await api.post('/api/v1/auth/login', LoginResponse, credentials)),
  });
}

export function useVerifyMfa() {
  const accept = useAcceptLogin();
  return useMutation({
    mutationFn: async (code: string) =>
      accept(await api.post('/api/v1/auth/login/mfa', LoginResponse, { code })),
  });
}

/** Only same-site paths are accepted as the place to return to after signing in. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
