import type { z } from 'zod';
import { isApiError } from '../../../lib/api.ts';

export interface ContentProblem {
  /** The path inside the table's content, e.g. "rows.0.window.days"; '' for the whole document. */
  field: string;
  message: string;
}

/** Parses edited JSON; a syntax error is reported as a problem of the whole document. */
export function parseJson(
  textValue: string,
): { ok: true; value: unknown } | { ok: false; problem: ContentProblem } {
  try {
    return { ok: true, value: JSON.parse(textValue) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'is not valid JSON';
    return { ok: false, problem: { field: '', message: `Not valid JSON: ${message}` } };
  }
}

/** Every issue of the kind's content schema, each naming its field (e.g. "rows.2.window.days"). */
export function contentProblems(schema: z.ZodType, value: unknown): ContentProblem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** The server's details for the content ("body.content.rows.0.interval" → "rows.0.interval"). */
export function serverContentProblems(error: unknown): ContentProblem[] {
  if (!isApiError(error)) return [];
  return error.details
    .filter((d) => d.field !== undefined && /^(body[./])?content([./]|$)/.test(d.field))
    .map((d) => ({
      field: (d.field ?? '').replace(/^(body[./])?content[./]?/, '').replaceAll('/', '.'),
      message: d.message,
    }));
}
