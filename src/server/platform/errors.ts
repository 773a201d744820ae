import type { ErrorCode, ErrorDetail } from '../../contracts/index.ts';

/** The one error type services throw. HTTP status comes from `statusOf`, never from the thrower. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_MFA_CODE: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  INVALID_STATE: 409,
  INVALID_TRANSITION: 409,
  // CMS S&C 14-07 / TJC EC.02.04.01 EP5: a rule refuses the device or type a place in the AEM program.
  AEM_NOT_ALLOWED: 409,
  // 21 CFR 11.10(e)-style record integrity: a signed work order takes later facts only as signed addenda.
  WORK_ORDER_SIGNED: 409,
  // A re-entered password that does not match: not 401, which would read as the session having ended.
  SIGNATURE_REJECTED: 403,
  // The same Idempotency-Key sent with a different request body.
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode): number => statusByCode[code];

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): AppError =>
  new AppError('FORBIDDEN', message);
export const versionConflict = (what: string): AppError =>
  new AppError('VERSION_CONFLICT', `${what} was changed by someone else; reload and try again`, [
    { field: 'version', message: 'is stale' },
  ]);

interface PgErrorLike {
  code?: unknown;
  constraint?: unknown;
}

/** Maps the PostgreSQL errors a well-formed request can still cause to AppErrors (never leaking SQL). */
export function fromDatabaseError(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  // Drizzle wraps the driver's error; the PostgreSQL SQLSTATE is on the cause.
  const cause = (err as { cause?: unknown }).cause;
  if (!('code' in err) && cause) return fromDatabaseError(cause);
  const { code, constraint } = err as PgErrorLike;
  if (code === '23505') {
    return new AppError('ALREADY_EXISTS', 'A record with the same unique value already exists', [
      {
        field: typeof constraint === 'string' ? constraintField(constraint) : undefined,
        message: 'is already used',
      },
    ]);
  }
  if (code === '40001' || code === '40P01')
    return new AppError('CONFLICT', 'The change collided with another; retry');
  if (code === '57014')
    return new AppError('SERVICE_UNAVAILABLE', 'The request took too long and was stopped');
  if (code === '22P05' || code === '22021')
    return new AppError('VALIDATION_FAILED', 'Text contains invalid characters');
  return undefined;
}

/** Unique indexes are named `<table>_<field>_key` / `..._uq`; the field helps the client point at the input. */
function constraintField(constraint: string): string | undefined {
  const m = /^[a-z_]+?_(email|code|name|slug|token_hash)_(key|uq|idx)$/.exec(constraint);
  return m?.[1];
}
