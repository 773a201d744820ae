import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode, ErrorDetail, ErrorResponse } from '../../../contracts/index.ts';
import { AppError, fromDatabaseError, statusOf } from '../errors.ts';

function send(reply: FastifyReply, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  const body: ErrorResponse = { error: { code, message, details } };
  return reply.code(statusOf(code)).type('application/json; charset=utf-8').send(body);
}

const fieldOf = (path: readonly PropertyKey[], where: string) =>
  [where === 'body' ? undefined : where, ...path.map(String)].filter(Boolean).join('.') || where;

/**
 * One place turns every failure into `{ error: { code, message, details } }`. Nothing internal (stack, SQL,
 * constraint text) reaches the client; unexpected errors are logged with the request id the client sees.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (err: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof AppError) return send(reply, err.code, err.message, err.details);
      if (hasZodFastifySchemaValidationErrors(err)) {
        const where = err.validationContext ?? 'body';
        const details = err.validation.map((v) => ({
          field: fieldOf(v.instancePath.split('/').filter(Boolean), where),
          message: v.message ?? 'is invalid',
        }));
        return send(reply, 'VALIDATION_FAILED', 'The request has invalid fields', details);
      }
      const fe = err as FastifyError;
      if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return send(reply, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
      if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return send(reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
      if (
        fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        fe.statusCode === 400
      ) {
        return send(reply, 'VALIDATION_FAILED', 'The request body is not valid JSON', [
          { field: 'body', message: 'is not valid JSON' },
        ]);
      }
      if (fe.statusCode === 429)
        return send(reply, 'RATE_LIMITED', 'Too many requests; slow down and try again shortly');
      const dbError = fromDatabaseError(err);
      if (dbError) return send(reply, dbError.code, dbError.message, dbError.details);
      if (fe.statusCode === 413) return send(reply, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
      if (fe.statusCode === 415) return send(reply, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
      request.log.error({ err }, 'unexpected error');
      return send(reply, 'INTERNAL', `Something went wrong on our side (request ${request.id})`);
    },
  );
}
