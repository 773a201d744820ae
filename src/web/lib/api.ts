import type { z } from 'zod';
import { ErrorResponse, type ErrorCode, type ErrorDetail } from '../../contracts/index.ts';

/** A non-2xx answer from the API, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(status: number, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The CSRF token of the current session, held in memory only (never in storage). */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export function withQuery(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFrom(response: Response, body: unknown): ApiError {
  const parsed = ErrorResponse.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  const code: ErrorCode =
    response.status === 401
      ? 'UNAUTHENTICATED'
      : response.status === 403
        ? 'FORBIDDEN'
        : response.status === 404
          ? 'NOT_FOUND'
          : response.status === 503
            ? 'SERVICE_UNAVAILABLE'
            : 'INTERNAL';
  return new ApiError(
    response.status,
    code,
    `The server answered ${response.status} ${response.statusText}`.trim(),
  );
}

async function send(
  method: Method,
  path: string,
  body?: BodyInit,
  contentType?: string,
  accept = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders, accept };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(
      0,
      'SERVICE_UNAVAILABLE',
      'Cannot reach the server. Check your connection and try again.',
    );
  }
}

async function parseAnswer<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  response: Response,
): Promise<z.output<S>> {
  const json = await readJson(response);
  if (!response.ok) throw errorFrom(response, json);

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'INTERNAL',
      `Unexpected response from ${method} ${path.split('?')[0] ?? path}`,
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

export async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<z.output<S>> {
  const response =
    body === undefined
      ? await send(method, path, undefined, undefined, undefined, headers)
      : await send(method, path, JSON.stringify(body), 'application/json', undefined, headers);
  return parseAnswer(method, path, schema, response);
}

/** Sends a file's bytes as the request body (uploads, imports) and parses the JSON answer. */
export async function upload<S extends z.ZodType>(
  path: string,
  schema: S,
  file: Blob,
  contentType: string,
): Promise<z.output<S>> {
  const response = await send('POST', path, file, contentType);
  return parseAnswer('POST', path, schema, response);
}

/** A binary answer (a PDF, a download); errors still arrive as the JSON error body. */
export async function requestBlob(method: Method, path: string, body?: unknown): Promise<Blob> {
  const response =
    body === undefined
      ? await send(method, path, undefined, undefined, '*/*')
      : await send(method, path, JSON.stringify(body), 'application/json', '*/*');
  if (!response.ok) throw errorFrom(response, await readJson(response));
  return response.blob();
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, query?: QueryParams) =>
    request('GET', withQuery(path, query), schema),
  /** `headers` adds request headers, e.g. an `Idempotency-Key` that makes a retried create safe. */
  post: <S extends z.ZodType>(
    path: string,
    schema: S,
    body: unknown = {},
    headers?: Record<string, string>,
  ) => request('POST', path, schema, body, headers),
  patch: <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    request('PATCH', path, schema, body),
};
