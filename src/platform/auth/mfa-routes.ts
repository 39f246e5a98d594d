// HTTP for two-step sign-in: finishing a sign-in (the challenge cookie, no session yet), Account security (one's
// own authenticator and recovery codes) and an administrator's reset of someone else's.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { Forbidden } from '../errors.ts';
import { problemResponses } from '../http/openapi.ts';
import { uuidParam } from '../http/validation.ts';
import { MFA_COOKIE, MFA_COOKIE_PATH, type OpenedChallenge } from './mfa-challenge.ts';
import {
  codeBody,
  enrolledAtSignInView,
  enrolmentView,
  mfaStatusView,
  recoveryCodesView,
  resetBody,
  secondStepBody,
  signedInWithCodeView,
} from './mfa-schemas.ts';
import * as service from './mfa-service.ts';
import { finishEnrolmentAtSignIn, finishWithCode, startEnrolmentAtSignIn } from './mfa-signin.ts';
import { setSessionCookie } from './session-cookie.ts';

/** The challenge cookie: HttpOnly, SameSite=Strict, sent only to the second-step routes, gone in five minutes. */
export function setChallengeCookie(reply: FastifyReply, ctx: AppContext, challenge: OpenedChallenge) {
  reply.setCookie(MFA_COOKIE, challenge.cookieValue, {
    path: MFA_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.session.cookieSecure,
    expires: challenge.expiresAt,
  });
}

function clearChallengeCookie(reply: FastifyReply) {
  reply.clearCookie(MFA_COOKIE, { path: MFA_COOKIE_PATH });
}

/** Changes to one's own second step come from the web app's session, never from an API token. */
function sessionOnly(request: FastifyRequest) {
  if (request.actor.via !== 'session')
    throw new Forbidden('Change two-step sign-in from Account security in Clinidesk.');
}

export function mfaRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];

    r.post(
      MFA_COOKIE_PATH,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Second sign-in step: a code from the authenticator app or a recovery code; sets the session cookie',
          body: secondStepBody,
          response: { 200: signedInWithCodeView, ...problemResponses(400, 401, 409, 429) },
        },
      },
      async (request, reply) => {
        const done = await finishWithCode(ctx, request.meta, request.cookies[MFA_COOKIE], request.body);
        clearChallengeCookie(reply);
        setSessionCookie(reply, ctx, done.cookieValue, new Date(done.view.expiresAt));
        return { ...done.view, recoveryCodesLeft: done.recoveryCodesLeft };
      },
    );

    r.post(
      `${MFA_COOKIE_PATH}/enrolment`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Sign-in of an administrator who must set up two-step sign-in: a new secret and its QR code',
          body: z.object({}).strict(),
          response: { 200: enrolmentView, ...problemResponses(400, 401, 409) },
        },
      },
      async (request) => startEnrolmentAtSignIn(ctx, request.cookies[MFA_COOKIE]),
    );

    r.post(
      `${MFA_COOKIE_PATH}/enrolment/confirm`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Confirms the set-up with a first code; returns recovery codes (once) and sets the session cookie',
          body: codeBody,
          response: { 200: enrolledAtSignInView, ...problemResponses(400, 401, 409, 429) },
        },
      },
      async (request, reply) => {
        const done = await finishEnrolmentAtSignIn(ctx, request.meta, request.cookies[MFA_COOKIE], request.body);
        clearChallengeCookie(reply);
        setSessionCookie(reply, ctx, done.cookieValue, new Date(done.view.expiresAt));
        return { ...done.view, recoveryCodes: done.recoveryCodes };
      },
    );

    r.get(
      '/api/v1/auth/mfa',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'My two-step sign-in: on or off, required, recovery codes left',
          response: { 200: mfaStatusView, ...problemResponses(401, 403) },
        },
      },
      async (request) => service.mfaStatus(ctx, request.actor.userId),
    );

    r.post(
      '/api/v1/auth/mfa/enrolment',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Start setting up my authenticator app: a new secret and its QR code, shown once',
          response: { 200: enrolmentView, ...problemResponses(401, 403, 409) },
        },
      },
      async (request) => {
        sessionOnly(request);
        return service.startEnrolment(ctx, request.actorMeta);
      },
    );

    r.post(
      '/api/v1/auth/mfa/enrolment/confirm',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Finish setting up with a first code; returns recovery codes, shown once',
          body: codeBody,
          response: { 200: recoveryCodesView, ...problemResponses(400, 401, 403, 409, 429) },
        },
      },
      async (request) => {
        sessionOnly(request);
        return service.confirmEnrolment(ctx, request.actorMeta, request.body.code);
      },
    );

    r.post(
      '/api/v1/auth/mfa/recovery-codes',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'New recovery codes with a current code; the old ones stop working',
          body: codeBody,
          response: { 200: recoveryCodesView, ...problemResponses(400, 401, 403, 409, 429) },
        },
      },
      async (request) => {
        sessionOnly(request);
        return service.renewRecoveryCodes(ctx, request.actorMeta, request.body.code);
      },
    );

    r.post(
      '/api/v1/auth/mfa/off',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Turn my two-step sign-in off with a current code (not for administrators who must keep it)',
          body: codeBody,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 409, 429) },
        },
      },
      async (request, reply) => {
        sessionOnly(request);
        await service.turnOff(ctx, request.actorMeta, request.body.code);
        return reply.code(204).send(null);
      },
    );

    r.post(
      '/api/v1/users/:id/mfa/reset',
      {
        config: { access: 'users:manage' },
        schema: {
          tags: ['users'],
          summary: "Reset someone's two-step sign-in (a lost phone); their sessions end; audited with the reason",
          params: uuidParam,
          body: resetBody,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await service.resetFor(ctx, request.actorMeta, request.params.id, request.body.reason);
        return reply.code(204).send(null);
      },
    );
  };
}
