import { z } from 'zod';

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });

/** A text field: trimmed, no NUL bytes (PostgreSQL refuses them in text), bounded. */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

export const requiredText = (max = 200) => text(max).pipe(z.string().min(1, { message: 'is required' }));

export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
  'INVALID_CREDENTIALS',
  'INVALID_MFA_CODE',
  'CSRF_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_CONFLICT',
  'ALREADY_EXISTS',
  'INVALID_STATE',
  'INVALID_TRANSITION',
  'AEM_NOT_ALLOWED',
  'WORK_ORDER_SIGNED',
  'SIGNATURE_REJECTED',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorDetail = z.object({
  field: z.string().optional(),
  row: z.number().int().optional(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorResponse = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.array(ErrorDetail),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Ok = z.object({ ok: z.literal(true) });
