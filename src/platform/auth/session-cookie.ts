// The session cookie's attributes, in one place for local sign-in and single sign-on.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE } from '../http/access.ts';

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, cookieValue: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.session.cookieSecure,
    expires: expiresAt,
  });
}
