import { useEffect, type RefObject } from 'react';
import type { z } from 'zod';
import { isApiError } from './api.ts';

/** Messages per top-level field name, e.g. { email: 'must be an email address' }. */
export type FieldErrors = Partial<Record<string, string>>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates form values with a contract schema; returns the first message for each top-level field. */
export function parseForm<S extends z.ZodType>(schema: S, values: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** "body.siteIds.0" or "/siteIds/0" -> "siteIds". */
export function topLevelField(field: string): string {
  const parts = field.split(/[./]/).filter((part) => part !== '');
  const first = parts[0] === 'body' || parts[0] === 'query' ? parts[1] : parts[0];
  return first ?? field;
}

/** Field errors from an ApiError's details (those naming a field). */
export function serverFieldErrors(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!isApiError(error)) return errors;
  for (const detail of error.details) {
    if (detail.field === undefined || detail.field === '') continue;
    errors[topLevelField(detail.field)] ??= detail.message;
  }
  return errors;
}

/** "is required" next to "Display name" reads "Display name is required"; full sentences stay as they are. */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const first = message.charAt(0);
  return first !== '' && first === first.toLowerCase() && first !== first.toUpperCase()
    ? `${label} ${message}`
    : message;
}

/** Moves keyboard focus to the first invalid field whenever a new set of errors appears. */
export function useFocusFirstError(formRef: RefObject<HTMLFormElement | null>, errors: FieldErrors): void {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [formRef, errors]);
}
