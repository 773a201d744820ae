import type { Permission } from '../../../contracts/index.ts';
import type { Actor } from '../actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the route needs; checked before the body is read, and published in OpenAPI. */
    permission?: Permission;
    /** Reachable without signing in. */
    public?: boolean;
    /** Reachable while signed in with MFA still pending (the second sign-in step). */
    mfaPending?: boolean;
    /** Open to every signed-in user of the organization (their own profile, sessions). */
    anyUser?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
