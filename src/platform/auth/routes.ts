// HTTP for sign-in, sessions, accounts and API tokens.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { Invalid } from '../errors.ts';
import { SESSION_COOKIE } from '../http/access.ts';
import { problemResponses } from '../http/openapi.ts';
import { uuidParam } from '../http/validation.ts';
import { setChallengeCookie } from './mfa-routes.ts';
import { loginAnswer } from './mfa-schemas.ts';
import type { PasswordAuthority } from './password-authority.ts';
import {
  createdTokenView,
  createTokenBody,
  createUserBody,
  loginBody,
  sessionView,
  tokenView,
  userView,
} from './schemas.ts';
import * as service from './service.ts';
import { setSessionCookie } from './session-cookie.ts';

export function authRoutes(ctx: AppContext, authorities: PasswordAuthority[] = []) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];

    r.post(
      '/api/v1/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Sign in with a username and password (a local account, or the hospital directory when one is ' +
            'configured); sets the session cookie',
          description:
            'Answers the session, or — when the account has two-step sign-in (or is an administrator who must set it ' +
            'up) — `{ secondStep, expiresAt }` with no session: finish at /api/v1/auth/mfa/challenge.',
          body: loginBody,
          response: { 200: loginAnswer, ...problemResponses(400, 401, 403, 429, 503) },
        },
      },
      async (request, reply) => {
        const result = await service.login(
          ctx,
          request.meta,
          { ...request.body, userAgent: request.headers['user-agent'] },
          authorities,
        );
        if (result.kind === 'second-step') {
          setChallengeCookie(reply, ctx, result.challenge);
          return { secondStep: result.challenge.step, expiresAt: result.challenge.expiresAt.toISOString() };
        }
        setSessionCookie(reply, ctx, result.cookieValue, new Date(result.view.expiresAt));
        return result.view;
      },
    );

    r.post(
      '/api/v1/auth/logout',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Sign out: ends this session',
          response: { 204: z.null(), ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        await service.logout(ctx, request.meta);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/auth/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'The signed-in account and its session',
          response: { 200: sessionView, ...problemResponses(401) },
        },
      },
      async (request) => service.currentSession(ctx, request.actor),
    );

    r.get(
      '/api/v1/auth/tokens',
      {
        config: { access: 'tokens:create-own' },
        schema: {
          tags,
          summary: 'My API tokens (never the secrets)',
          response: { 200: z.array(tokenView), ...problemResponses(401, 403) },
        },
      },
      async (request) => service.tokensOf(ctx.database.db, request.actor.userId),
    );

    r.post(
      '/api/v1/auth/tokens',
      {
        config: { access: 'tokens:create-own' },
        schema: {
          tags,
          summary: 'Create an API token for myself; the token is shown once',
          body: createTokenBody,
          response: { 201: createdTokenView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const created = await service.createToken(ctx, request.meta, request.actor.userId, request.body);
        return reply.code(201).send(created);
      },
    );

    r.delete(
      '/api/v1/auth/tokens/:id',
      {
        config: { access: 'tokens:create-own' },
        schema: {
          tags,
          summary: 'Revoke one of my API tokens',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await service.revokeToken(ctx, request.actorMeta, request.params.id);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/users',
      {
        config: { access: 'users:read' },
        schema: {
          tags: ['users'],
          summary: 'Accounts, by username',
          querystring: z
            .object({
              limit: z.coerce.number().int().min(1).max(500).default(100),
              offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
            })
            .strict(),
          response: { 200: z.array(userView), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => service.listUserViews(ctx.database.db, request.query.limit, request.query.offset),
    );

    r.post(
      '/api/v1/users',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: ['users'],
          summary: 'Create an account',
          body: createUserBody,
          response: { 201: userView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        if (request.body.role === 'integration') {
          throw new Invalid('Integration accounts have no password: create them under Admin → Integrations.', [
            { field: 'body.role', message: 'use POST /api/v1/integrations for integration accounts' },
          ]);
        }
        return reply.code(201).send(await service.createUser(ctx, request.meta, request.body));
      },
    );
  };
}
