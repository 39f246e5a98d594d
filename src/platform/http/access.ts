// Access control for HTTP routes, in one place. Every /api/v1 route must declare `config.access`;
// a route that does not is refused at start-up (deny by default).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor, ActorMeta, RequestMeta } from '../actor.ts';
import { recordAuditNow } from '../audit/service.ts';
import { can, type Permission } from '../auth/roles.ts';
import { sameSecret } from '../auth/secrets.ts';
import { authenticateSession, authenticateToken } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { Forbidden, Unauthorized } from '../errors.ts';

export const SESSION_COOKIE = 'clinidesk_session';
export const CSRF_HEADER = 'x-csrf-token';

/** 'public': anyone; 'signed-in': any account of a person (roles with 'session:self' — not an integration's
 * token, which may only do what its permissions name); a permission: accounts whose role grants it. */
export type Access = 'public' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The signed-in caller. Every route that is not 'public' has one: access control answered 401 before the handler
     * otherwise, so handlers need no null check. Read where nobody is signed in, it answers 401 as well (fails
     * closed). A 'public' route reads the optional caller from `meta.actor`.
     */
    readonly actor: Actor;
    /** `meta` with that caller, for use cases that need one (typed: no `meta.actor!`); 401 like `actor` when nobody
     * is signed in. */
    readonly actorMeta: ActorMeta;
    /** Who (if anyone), from where, which request: what services record in the audit trail. */
    meta: RequestMeta;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkRouteDeclaresAccess(route: RouteOptions) {
  if (route.url.startsWith('/api/v1') && !(route.config as { access?: Access } | undefined)?.access) {
    throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
  }
}

async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const auth = request.headers.authorization;
  if (auth !== undefined) {
    const [scheme, token] = auth.split(' ', 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthorized('Use "Authorization: Bearer <token>".');
    const actor = await authenticateToken(ctx, token.trim());
    if (!actor) throw new Unauthorized('That API token is not valid, has expired or was revoked.');
    return actor;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return null;
  return (await authenticateSession(ctx, cookie))?.actor ?? null;
}

export function registerAccessControl(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('meta', null as unknown as RequestMeta);
  app.decorateRequest('actor', {
    getter(this: FastifyRequest): Actor {
      const actor = this.meta?.actor;
      if (!actor) throw new Unauthorized();
      return actor;
    },
  });
  app.decorateRequest('actorMeta', {
    getter(this: FastifyRequest): ActorMeta {
      return { ...this.meta, actor: this.actor };
    },
  });
  app.addHook('onRoute', checkRouteDeclaresAccess);

  // onRequest runs before the body is parsed and validated, so the answer is always 401 (who are you) → 403 (may
  // you, CSRF) → 400 (is the input right): nobody learns a route's input rules before access is settled.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.meta = { actor: null, ip: request.ip ?? null, requestId: String(request.id) };
    if (!request.url.startsWith('/api/v1')) return;
    request.meta.actor = await resolveActor(ctx, request);
    await checkAccess(ctx, request);
  });
}

async function checkAccess(ctx: AppContext, request: FastifyRequest) {
  const access = request.routeOptions.config.access;
  if (!access || access === 'public') return;
  const actor = request.meta.actor;
  if (!actor) {
    await deny(ctx, request, 'not signed in');
    throw new Unauthorized();
  }
  const needed = access === 'signed-in' ? 'session:self' : access;
  if (!can(actor.role, needed)) {
    await deny(ctx, request, `role ${actor.role} lacks ${needed}`);
    throw new Forbidden(`Your role (${actor.role}) does not allow this.`);
  }
  if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !actor.csrfToken || !sameSecret(sent, actor.csrfToken)) {
      await deny(ctx, request, 'missing or wrong CSRF token');
      throw new Forbidden(`Send the session's CSRF token in the ${CSRF_HEADER} header.`);
    }
  }
}

async function deny(ctx: AppContext, request: FastifyRequest, reason: string) {
  await recordAuditNow(ctx.database, request.meta, {
    action: 'access.denied',
    outcome: 'denied',
    targetType: 'route',
    targetId: `${request.method} ${request.routeOptions.url}`,
    summary: { reason },
  });
}
