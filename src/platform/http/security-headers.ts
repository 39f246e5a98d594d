// Security headers, through @fastify/helmet. Every response: no MIME sniffing, referrer only to our own origin.
// The web app's page gets its Content-Security-Policy (sendWebAppPolicy), and so does a file served for download
// (sendDownloadPolicy). Helmet's other headers stay off:
// turning them on is a decision of its own (docs/decisions.md), not a side effect of using the library.
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The single-page app: our own scripts only, inline styles (Mantine), images from us or data: URLs, no framing. */
export const WEB_APP_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** A file someone uploaded, served back: nothing in it may run or load anything, even if a browser shows it inline. */
export const DOWNLOAD_CSP = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], sandbox: [] },
};

export async function registerSecurityHeaders(app: FastifyInstance) {
  // Registered before access control, so a 401/403 answer carries the headers too.
  await app.register(helmet, {
    global: true,
    referrerPolicy: { policy: 'same-origin' },
    // xContentTypeOptions: helmet's default, "nosniff".
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xPoweredBy: false,
    xXssProtection: false,
  });
}

/** Adds the web app's Content-Security-Policy to this reply (the page that loads the app). */
export function sendWebAppPolicy(reply: FastifyReply) {
  reply.helmet({ contentSecurityPolicy: WEB_APP_CSP });
}

/** Adds the download policy (DOWNLOAD_CSP) to this reply: an attachment's bytes, as uploaded. */
export function sendDownloadPolicy(reply: FastifyReply) {
  reply.helmet({ contentSecurityPolicy: DOWNLOAD_CSP });
}
