import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api.ts';

export const meQueryKey = ['auth', 'me'] as const;

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * One place for query defaults. When any request other than /auth/me answers UNAUTHENTICATED (the session
 * ended or timed out), /auth/me is refetched so the route guard sends the person to the sign-in page.
 */
export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] === meQueryKey[0] && query.queryKey[1] === meQueryKey[1]) return;
        if (isApiError(error) && error.code === 'UNAUTHENTICATED')
          void client.invalidateQueries({ queryKey: meQueryKey });
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error) && error.code === 'UNAUTHENTICATED')
          void client.invalidateQueries({ queryKey: meQueryKey });
      },
    }),
    defaultOptions: {
      queries: {
        retry: options.retry === false ? false : shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
