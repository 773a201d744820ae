import { vi } from 'vitest';

export interface StubRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface StubResponse {
  status?: number;
  body?: unknown;
}

export type StubHandler = StubResponse | ((request: StubRequest) => StubResponse | Promise<StubResponse>);

/** "POST /api/v1/users/:id/end-sessions" -> handler. Unmatched requests answer 404 NOT_FOUND. */
export type StubRoutes = Record<string, StubHandler>;

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i] ?? '';
    const v = b[i] ?? '';
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(v);
    else if (p !== v) return null;
  }
  return params;
}

/** Replaces global fetch with a router over typed responses and records every request. */
export function stubFetch(routes: StubRoutes) {
  const calls: StubRequest[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    for (const [key, handler] of Object.entries(routes)) {
      const [m, pattern] = key.split(' ');
      if (m !== method || pattern === undefined) continue;
      const params = match(pattern, url.pathname);
      if (!params) continue;
      const request: StubRequest = {
        method,
        path: url.pathname,
        params,
        query: url.searchParams,
        headers,
        body,
      };
      calls.push(request);
      const response = typeof handler === 'function' ? await handler(request) : handler;
      const status = response.status ?? 200;
      return new Response(response.body === undefined ? null : JSON.stringify(response.body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }
    calls.push({ method, path: url.pathname, params: {}, query: url.searchParams, headers, body });
    return new Response(
      JSON.stringify({
        error: { code: 'NOT_FOUND', message: `No stub for ${method} ${url.pathname}`, details: [] },
      }),
      { status: 404, headers: { 'content-type': 'application/json' } },
    );
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    calls,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}
