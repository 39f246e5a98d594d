/// <reference path="./oidc-provider.d.ts" />
// A real OpenID Connect identity provider for tests: `oidc-provider` (the certified Node implementation) in this
// process on a free port, with a login form of its own and a few hospital staff (employee IDs, emails, groups).
// `tamper` rewrites the ID token the token endpoint answers with (re-signed with the provider's own key, unsigned or
// altered), to check that Clinidesk refuses what it must.
import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export type StaffAccount = {
  password: string;
  name: string;
  email?: string;
  emailVerified?: boolean;
  employeeId?: string;
  groups: string[];
};

/** Hospital staff at the provider (login → account). */
export const IDP_STAFF: Record<string, StaffAccount> = {
  'agent.jones': {
    password: 'idp-pass-agent',
    name: 'Sam Jones',
    email: 'sam.jones@hospital.example',
    employeeId: 'E-90001',
    groups: ['ServiceDesk-Agents', 'All-Staff'],
  },
  'nurse.ward': {
    password: 'idp-pass-nurse',
    name: 'Pat Ward, RN',
    email: 'pat.ward@hospital.example',
    groups: ['Nursing', 'All-Staff'],
  },
  'manager.lee': {
    password: 'idp-pass-manager',
    name: 'Robin Lee',
    employeeId: 'E-90003',
    groups: ['ServiceDesk-Managers', 'ServiceDesk-Agents'],
  },
  'visitor.x': {
    password: 'idp-pass-visitor',
    name: 'Alex Visitor',
    email: 'alex.visitor@elsewhere.example',
    employeeId: 'E-99999',
    groups: ['Contractors'],
  },
};

export type JwtParts = { header: Record<string, unknown>; payload: Record<string, unknown> };
export type Tamper = (token: string, tools: TamperTools) => string;
export type TamperTools = { decode(token: string): JwtParts; sign(parts: JwtParts): string };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Set to rewrite the next ID tokens; null to stop. */
  tamper: Tamper | null;
  close(): Promise<void>;
};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function startTestIdp(opts: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}): Promise<TestIdp> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-idp-key';
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const clientId = 'clinidesk';
  const clientSecret = 'test-idp-client-secret-0123456789';

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk as never] },
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
      employee: ['employee_id'],
    },
    scopes: ['openid', 'profile', 'email', 'groups', 'employee'],
    conformIdTokenClaims: false, // the claims go in the ID token, as Entra ID, Okta and Keycloak can be set to do
    findAccount: async (_ctx, id) => {
      const s = IDP_STAFF[id];
      if (!s) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          name: s.name,
          ...(s.email ? { email: s.email, email_verified: s.emailVerified ?? true } : {}),
          ...(s.employeeId ? { employee_id: s.employeeId } : {}),
          groups: s.groups,
        }),
      };
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['test-idp-cookie-key-0123456789abcdef'] },
    ttl: { Interaction: 600, Grant: 600, Session: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  provider.on('server_error', () => {});

  const idp: TestIdp = { issuer, clientId, clientSecret, tamper: null, close: async () => {} };
  const tools: TamperTools = {
    decode(token) {
      const [h, p] = token.split('.');
      return {
        header: JSON.parse(Buffer.from(h!, 'base64url').toString()),
        payload: JSON.parse(Buffer.from(p!, 'base64url').toString()),
      };
    },
    sign({ header, payload }) {
      const input = `${b64({ ...header, alg: 'RS256', kid })}.${b64(payload)}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    },
  };
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && idp.tamper && body?.id_token) {
      ctx.body = { ...body, id_token: idp.tamper(body.id_token, tools) };
    }
  });

  const oidc = provider.callback();
  server.on('request', (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!m) return void oidc(req, res);
    interaction(provider, req, res, Boolean(m[2])).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  idp.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return idp;
}

/** The provider's login page: a form (login, password); a right answer signs in and consents in one step. */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, submit: boolean) {
  const details = await provider.interactionDetails(req, res);
  const page = (error: string) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html><head><title>Hospital sign-in</title></head><body><h1>Hospital sign-in</h1>` +
        (error ? `<p role="alert">${error}</p>` : '') +
        `<form method="post" action="/interaction/${details.uid}/login">` +
        `<label>Username <input name="login" autocomplete="username"></label>` +
        `<label>Password <input name="password" type="password" autocomplete="current-password"></label>` +
        `<button type="submit">Sign in</button></form></body></html>`,
    );
  };
  if (!submit) return page('');
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const form = new URLSearchParams(Buffer.concat(chunks).toString());
  const login = form.get('login') ?? '';
  const account = IDP_STAFF[login];
  if (!account || account.password !== form.get('password')) return page('Wrong username or password.');
  const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
