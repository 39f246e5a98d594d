// HTTP of SAML 2.0 sign-in (starting is /api/v1/auth/sso/{id}/start, shared with OpenID Connect): the service
// provider's metadata, the assertion consumer service the IdP posts to, and the same-site redirect that finishes the
// sign-in in the browser that started it. A refusal lands on the sign-in page with ?sso=<code>, which explains it.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../../platform/auth/session-cookie.ts';
import type { AppContext } from '../../platform/context.ts';
import { Invalid } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { SSO_COOKIE_PATH, SSO_STATE_COOKIE } from './routes.ts';
import { SAML_ACS_PATH, SAML_FINISH_PATH, SAML_METADATA_PATH } from './saml.ts';
import { finishSamlSignIn, receiveSamlResponse, spMetadata } from './saml-service.ts';
import { samlAcsForm } from './schemas.ts';
import { SsoRefused } from './sign-in.ts';

const redirectNote = z.null().describe('A redirect (Location) back into Clinidesk');
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function samlRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];
    const refused = (reply: FastifyReply, code: string) =>
      reply.redirect(`/signin?${new URLSearchParams({ sso: code })}`, 303);

    // The IdP posts an HTML form (HTTP-POST binding): only these routes read form bodies.
    app.addContentTypeParser(
      /^application\/x-www-form-urlencoded(;.*)?$/i,
      { parseAs: 'buffer', bodyLimit: 256 * 1024 },
      (_request, body: Buffer, done) => {
        try {
          done(null, Object.fromEntries(new URLSearchParams(utf8.decode(body))));
        } catch {
          done(new Invalid('The form is not valid UTF-8.'), undefined);
        }
      },
    );

    r.get(
      SAML_METADATA_PATH,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Clinidesk’s SAML 2.0 service provider metadata (entity id, ACS address) to register at the IdP',
          querystring: z.object({}).strict(),
          response: { 200: z.unknown().describe('application/samlmetadata+xml'), ...problemResponses(400) },
        },
      },
      async (_request, reply) => reply.type('application/samlmetadata+xml; charset=utf-8').send(spMetadata(ctx)),
    );

    r.post(
      SAML_ACS_PATH,
      {
        config: { access: 'public' },
        bodyLimit: 256 * 1024,
        schema: {
          tags,
          summary: 'The assertion consumer service: the IdP posts its answer here (HTTP-POST binding)',
          body: samlAcsForm,
          response: { 303: redirectNote, ...problemResponses(400, 413, 415) },
        },
      },
      async (request, reply) => {
        try {
          await receiveSamlResponse(ctx, request.meta, request.body);
          // The POST came from the IdP's page (cross-site), which carries no SameSite=Lax cookie; this same-site
          // redirect does, so the browser that started the sign-in proves it is the one finishing it.
          return reply.redirect(SAML_FINISH_PATH, 303);
        } catch (err) {
          if (err instanceof SsoRefused) return refused(reply, err.code);
          throw err;
        }
      },
    );

    r.get(
      SAML_FINISH_PATH,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Finishes a SAML sign-in in the browser that started it and redirects to where it was going',
          querystring: z.object({}).strict(),
          response: { 303: redirectNote, ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const state = request.cookies[SSO_STATE_COOKIE];
        reply.clearCookie(SSO_STATE_COOKIE, { path: SSO_COOKIE_PATH });
        try {
          const done = await finishSamlSignIn(ctx, request.meta, state, request.headers['user-agent']);
          setSessionCookie(reply, ctx, done.session.cookieValue, done.session.expiresAt);
          return reply.redirect(done.returnTo, 303);
        } catch (err) {
          if (err instanceof SsoRefused) return refused(reply, err.code);
          throw err;
        }
      },
    );
  };
}
