// Builds the HTTP application: platform plugins first, then the features' routes it is given, then the web app.
// The platform imports no feature: the list comes from the top (src/app.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from '../audit/routes.ts';
import { integrationRoutes } from '../auth/integration-routes.ts';
import { mfaRoutes } from '../auth/mfa-routes.ts';
import { authRoutes } from '../auth/routes.ts';
import type { AppContext } from '../context.ts';
import { eventRoutes } from '../events/routes.ts';
import type { Feature } from '../features.ts';
import { newId } from '../ids.ts';
import { registerAccessControl } from './access.ts';
import { registerHealth } from './health.ts';
import { registerJsonBody } from './json-body.ts';
import { registerMetrics } from './metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { registerSecurityHeaders, sendWebAppPolicy } from './security-headers.ts';

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
const REQUEST_ID = /^[\w.:-]{1,100}$/;
/** Requests that do not count as someone using the instance. */
const QUIET_URL = /^\/(api\/(health|ready|v1\/events)|metrics)(\/|\?|$)/;

export async function buildApp(
  ctx: AppContext,
  opts: {
    /** The features whose routes to register, in order (src/app.ts). */
    features?: Feature[];
    version?: string;
    webDist?: string;
    onRoute?: (route: RouteOptions) => void;
  } = {},
): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId();
    },
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance;
  // Tests collect every registered route here, to compare with the OpenAPI document.
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  // What background drains yield to: requests someone waits on (not health checks, not the long-lived live stream).
  app.addHook('onRequest', async (request, reply) => {
    if (!QUIET_URL.test(request.url)) reply.raw.once('close', ctx.requests.begin());
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    // API answers are not cached, unless a route chose otherwise (the public status page).
    if (request.url.startsWith('/api/v1') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });

  await registerSecurityHeaders(app);
  registerJsonBody(app);
  await app.register(cookie);
  await registerOpenApi(app, opts.version ?? '0.1.0');
  registerMetrics(app);
  registerAccessControl(app, ctx);
  registerHealth(app, ctx);

  await app.register(
    authRoutes(
      ctx,
      (opts.features ?? []).flatMap((f) => f.passwordAuthorities ?? []),
    ),
  );
  await app.register(mfaRoutes(ctx));
  await app.register(integrationRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(eventRoutes(ctx));
  for (const feature of opts.features ?? []) {
    for (const routes of feature.routes ?? []) await app.register(routes(ctx));
  }

  await registerWebApp(app, opts.webDist ?? WEB_DIST);
  return app;
}

async function registerWebApp(app: FastifyInstance, dist: string) {
  const index = path.join(dist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api') || request.url.startsWith('/metrics');
    if (isApi || request.method !== 'GET') {
      return sendProblem(reply, request, 404, `There is no ${request.method} ${request.url.split('?')[0]} here.`);
    }
    if (!hasWeb) {
      return sendProblem(reply, request, 404, 'The web app is not built. Run "npm run build" (npm start does this).');
    }
    // The single-page app routes everything else in the browser.
    reply.header('cache-control', 'no-cache');
    sendWebAppPolicy(reply);
    return reply.type('text/html; charset=utf-8').send(fs.createReadStream(index));
  });
}
