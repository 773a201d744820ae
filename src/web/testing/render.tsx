import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import type { Me } from '../../contracts/index.ts';
import { setCsrfToken } from '../lib/api.ts';
import { createQueryClient, meQueryKey } from '../lib/query-client.ts';

interface RenderOptions {
  /** Seeds the signed-in person, as the route guard would after GET /auth/me. */
  me?: Me;
  initialEntries?: string[];
  /** Extra routes, e.g. a target to land on after a redirect. */
  routes?: RouteObject[];
  path?: string;
}

/** Renders routes inside the real providers (Mantine in test mode, a fresh QueryClient without retries). */
export function renderRoutes(routes: RouteObject[], options: RenderOptions = {}) {
  const queryClient = createQueryClient({ retry: false });
  setCsrfToken(null);
  if (options.me) {
    queryClient.setQueryData(meQueryKey, options.me);
    setCsrfToken(options.me.csrfToken);
  }
  const router = createMemoryRouter(routes, { initialEntries: options.initialEntries ?? ['/'] });
  const result = render(
    <MantineProvider env="test">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, router, queryClient };
}

/** Renders one page at `path` (default "/"), plus any extra routes. */
export function renderPage(page: ReactElement, options: RenderOptions = {}) {
  const path = options.path ?? '/';
  return renderRoutes([{ path, element: page }, ...(options.routes ?? [])], {
    ...options,
    initialEntries: options.initialEntries ?? [path],
  });
}
