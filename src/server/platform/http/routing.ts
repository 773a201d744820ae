import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorResponse, uuid } from '../../../contracts/index.ts';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.actor;
}

/** The documented error answers every authenticated route can give. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};

export const IdParams = z.object({ id: uuid });
export const EmptyBody = z.object({}).strict().optional();
