// HTTP of single sign-on: the providers the sign-in page offers, the browser's way out to a provider and back
// (redirects; a refusal lands on the sign-in page with ?sso=<code>, which it explains), sign-out, and
// administrators' provider settings.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../../platform/auth/session-cookie.ts';
import type { AppContext } from '../../platform/context.ts';
import { SESSION_COOKIE } from '../../platform/http/access.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import * as admin from './admin.ts';
import {
  callbackQuery,
  providerBody,
  providerPatch,
  providerView,
  signInOption,
  signOutView,
  startQuery,
} from './schemas.ts';
import { finishSignIn, signOut, startSignIn } from './service.ts';
import { SsoRefused } from './sign-in.ts';

/** Holds the state of this browser's sign-in under way, so only the browser that started it can finish it. */
export const SSO_STATE_COOKIE = 'clinidesk_sso';
export const SSO_COOKIE_PATH = '/api/v1/auth/sso';

const redirectNote = z.null().describe('A redirect (Location): to the provider, or back to Clinidesk');

export function ssoRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];

    const refused = (reply: FastifyReply, code: string) =>
      reply.redirect(`/signin?${new URLSearchParams({ sso: code })}`, 303);

    r.get(
      '/api/v1/auth/sso/providers',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The identity providers the sign-in page offers ("Sign in with …")',
          querystring: z.object({}).strict(),
          response: { 200: z.array(signInOption), ...problemResponses(400) },
        },
      },
      async () => admin.signInOptions(ctx),
    );

    r.get(
      '/api/v1/auth/sso/:id/start',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Begin signing in with an identity provider: redirects the browser there',
          params: uuidParam,
          querystring: startQuery,
          response: { 303: redirectNote, ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        try {
          const { url, state } = await startSignIn(ctx, request.meta, request.params.id, request.query.returnTo);
          reply.setCookie(SSO_STATE_COOKIE, state, {
            path: SSO_COOKIE_PATH,
            httpOnly: true,
            // Lax: the provider's redirect back is a top-level navigation from its site, which Strict would strip.
            sameSite: 'lax',
            secure: ctx.config.session.cookieSecure,
            maxAge: 600,
          });
          return reply.redirect(url, 303);
        } catch (err) {
          if (err instanceof SsoRefused) return refused(reply, err.code);
          throw err;
        }
      },
    );

    r.get(
      '/api/v1/auth/sso/callback',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: "The identity provider's redirect back: signs in and redirects to where the person was going",
          querystring: callbackQuery,
          response: { 303: redirectNote, ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        reply.clearCookie(SSO_STATE_COOKIE, { path: SSO_COOKIE_PATH });
        try {
          const callbackUrl = new URL(request.url, ctx.config.publicUrl);
          const done = await finishSignIn(
            ctx,
            request.meta,
            callbackUrl,
            request.cookies[SSO_STATE_COOKIE],
            request.headers['user-agent'],
          );
          setSessionCookie(reply, ctx, done.session.cookieValue, done.session.expiresAt);
          return reply.redirect(done.returnTo, 303);
        } catch (err) {
          if (err instanceof SsoRefused) return refused(reply, err.code);
          throw err;
        }
      },
    );

    r.post(
      '/api/v1/auth/sso/logout',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: "Sign out: ends this session, and names the identity provider's sign-out page when it offers one",
          body: z.object({}).strict().describe('Empty'),
          response: { 200: signOutView, ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const logoutUrl = await signOut(ctx, request.meta);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { logoutUrl };
      },
    );

    const adminTags = ['identity providers'];
    r.get(
      '/api/v1/identity-providers',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: adminTags,
          summary: 'Identity providers for single sign-on (client secrets are never shown)',
          response: { 200: z.array(providerView), ...problemResponses(401, 403) },
        },
      },
      async () => admin.listProviders(ctx),
    );

    r.post(
      '/api/v1/identity-providers',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: adminTags,
          summary: 'Add an identity provider',
          body: providerBody,
          response: { 201: providerView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await admin.createProvider(ctx, request.actorMeta, request.body)),
    );

    r.patch(
      '/api/v1/identity-providers/:id',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: adminTags,
          summary: 'Change an identity provider (omit clientSecret to keep it)',
          params: uuidParam,
          body: providerPatch,
          response: { 200: providerView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.updateProvider(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.delete(
      '/api/v1/identity-providers/:id',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: adminTags,
          summary: 'Remove an identity provider; whoever signed in through it is signed out',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await admin.deleteProvider(ctx, request.actorMeta, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
