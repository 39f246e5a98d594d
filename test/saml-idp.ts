// A real SAML 2.0 identity provider for tests: Debian's SimpleSAMLphp (1.19) served by `php -S` from a temporary
// folder (its own config, a self-signed signing certificate made with openssl, exampleauth:UserPass staff carrying
// employee ID, email and groups attributes), on a free port of 127.0.0.1. The service provider (Clinidesk) is
// registered by its entity id and ACS address; the IdP signs assertions (not the whole response, as ADFS does by
// default) and sends the uid as a persistent NameID.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignedXml } from 'xml-crypto';
import { freePort, selfSignedCertificate } from './local-servers.ts';

const SSP_ROOT = '/usr/share/simplesamlphp';
const PHP = ['/usr/bin/php', '/usr/local/bin/php'].find((p) => fs.existsSync(p));

/** Why the SAML tests cannot run here, or null when they can. Under CI they must: never a reason then. */
export function samlIdpMissing(): string | null {
  if (PHP && fs.existsSync(path.join(SSP_ROOT, 'www/saml2/idp/SSOService.php'))) return null;
  if (process.env.CI === 'true') throw new Error('SimpleSAMLphp is not installed: .ci/run installs simplesamlphp');
  return 'SimpleSAMLphp is not installed (apt-get install simplesamlphp php-cli); the SAML tests are skipped';
}

export type SamlStaff = { password: string; uid: string; employeeId?: string; email?: string; groups: string[] };

/** Hospital staff at the SAML IdP (login → account). */
export const SAML_STAFF: Record<string, SamlStaff> = {
  'agent.kim': {
    password: 'saml-pass-agent',
    uid: 'agent.kim',
    employeeId: 'E-70001',
    email: 'kim.agent@hospital.example',
    groups: ['CN=ServiceDesk-Agents,OU=Groups,DC=hospital,DC=example', 'All-Staff'],
  },
  'nurse.ola': {
    password: 'saml-pass-nurse',
    uid: 'nurse.ola',
    email: 'ola.nurse@hospital.example',
    groups: ['Nursing'],
  },
  'visitor.q': {
    password: 'saml-pass-visitor',
    uid: 'visitor.q',
    email: 'q.visitor@elsewhere.example',
    employeeId: 'E-79999',
    groups: ['Contractors'],
  },
};

/** The attribute names the test IdP sends (as an administrator would type them in Clinidesk). */
export const SAML_ATTRIBUTES = { employeeId: 'employeeNumber', email: 'mail', groups: 'memberOf' } as const;

export type SamlIdp = {
  baseUrl: string;
  entityId: string;
  ssoUrl: string;
  /** The IdP's signing certificate (PEM). */
  certificate: string;
  /** The IdP's private key (PEM): tests re-sign altered assertions with it, as the IdP itself would. */
  privateKey: string;
  /** Stops php; the IdP is down until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

async function waitForHttp(url: string, ms = 20_000) {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status < 500) return;
      last = new Error(`status ${res.status}`);
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`SimpleSAMLphp did not answer at ${url}: ${String(last)}`);
}

const php = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(php).join(', ')}]`;
  if (v && typeof v === 'object')
    return `[${Object.entries(v)
      .map(([k, x]) => `${php(k)} => ${php(x)}`)
      .join(', ')}]`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
};

/**
 * Starts SimpleSAMLphp as an IdP that knows one service provider (its entity id and ACS address). `host` names the
 * IdP in its addresses (it always listens on 127.0.0.1): `localhost` makes it another site than a desk on 127.0.0.1,
 * so a browser treats its POST to the desk as cross-site, as with a real IdP.
 */
export async function startSamlIdp(sp: { entityId: string; acsUrl: string }, host = '127.0.0.1'): Promise<SamlIdp> {
  const missing = samlIdpMissing();
  if (missing) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-saml-idp-'));
  const port = await freePort();
  const baseUrl = `http://${host}:${port}`;
  for (const sub of ['config', 'metadata', 'cert', 'tmp', 'sessions', 'log']) fs.mkdirSync(path.join(dir, sub));
  selfSignedCertificate(
    { certFile: path.join(dir, 'cert/idp.crt'), keyFile: path.join(dir, 'cert/idp.key') },
    { subject: '/CN=Test Hospital IdP' },
  );
  const users: Record<string, unknown> = { 0: 'exampleauth:UserPass' };
  for (const [login, s] of Object.entries(SAML_STAFF)) {
    users[`${login}:${s.password}`] = {
      uid: [s.uid],
      ...(s.employeeId ? { [SAML_ATTRIBUTES.employeeId]: [s.employeeId] } : {}),
      ...(s.email ? { [SAML_ATTRIBUTES.email]: [s.email] } : {}),
      [SAML_ATTRIBUTES.groups]: s.groups,
    };
  }
  const config = {
    baseurlpath: `${baseUrl}/`,
    certdir: `${dir}/cert/`,
    loggingdir: `${dir}/log/`,
    datadir: `${dir}/tmp/`,
    tempdir: `${dir}/tmp/`,
    metadatadir: `${dir}/metadata/`,
    technicalcontact_name: 'Test',
    technicalcontact_email: 'test@hospital.example',
    secretsalt: 'clinidesk-test-idp-salt-0123456789',
    'auth.adminpassword': 'clinidesk-test-idp-admin',
    timezone: 'UTC',
    'logging.level': 4,
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'enable.saml20-idp': true,
    'module.enable': { exampleauth: true, core: true, saml: true, admin: false },
    'store.type': 'phpsession',
    'session.phpsession.savepath': `${dir}/sessions`,
    'session.cookie.secure': false,
    'session.cookie.samesite': null,
    language: { priorities: [] },
    'language.available': ['en'],
    'language.default': 'en',
    usenewui: false,
  };
  fs.writeFileSync(path.join(dir, 'config/config.php'), `<?php\n$config = ${php(config)};\n`);
  fs.writeFileSync(
    path.join(dir, 'config/authsources.php'),
    `<?php\n$config = ${php({ admin: ['core:AdminPassword'], 'hospital-staff': users })};\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'metadata/saml20-idp-hosted.php'),
    `<?php\n$metadata['__DYNAMIC:1__'] = ${php({
      host: '__DEFAULT__',
      privatekey: 'idp.key',
      certificate: 'idp.crt',
      auth: 'hospital-staff',
      'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    })};\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'metadata/saml20-sp-remote.php'),
    `<?php\n$metadata[${php(sp.entityId)}] = ${php({
      AssertionConsumerService: [
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: sp.acsUrl, index: 0 },
      ],
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      'saml20.sign.assertion': true,
      'saml20.sign.response': false,
      'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
      authproc: {
        10: {
          class: 'saml:AttributeNameID',
          attribute: 'uid',
          Format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        },
      },
    })};\n`,
  );
  // Other metadata sets SimpleSAMLphp looks for must exist, even empty.
  for (const set of ['saml20-idp-remote', 'shib13-idp-hosted', 'shib13-sp-remote', 'shib13-idp-remote']) {
    fs.writeFileSync(path.join(dir, `metadata/${set}.php`), '<?php\n');
  }

  let child: ChildProcess | null = null;
  const idp: SamlIdp = {
    baseUrl,
    entityId: `${baseUrl}/saml2/idp/metadata.php`,
    ssoUrl: `${baseUrl}/saml2/idp/SSOService.php`,
    certificate: fs.readFileSync(path.join(dir, 'cert/idp.crt'), 'utf8'),
    privateKey: fs.readFileSync(path.join(dir, 'cert/idp.key'), 'utf8'),
    async start() {
      child = spawn(
        PHP!,
        ['-d', `session.save_path=${dir}/sessions`, '-d', 'display_errors=stderr', '-S', `127.0.0.1:${port}`],
        {
          cwd: path.join(SSP_ROOT, 'www'),
          env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: path.join(dir, 'config') },
          stdio: ['ignore', 'ignore', 'pipe'],
          detached: true,
        },
      );
      const log = fs.createWriteStream(path.join(dir, 'log/php-server.log'));
      child.stderr?.pipe(log);
      child.once('exit', () => {
        child = null;
      });
      await waitForHttp(`${baseUrl}/saml2/idp/metadata.php`);
    },
    async stop() {
      const running = child;
      if (!running) return;
      const exited = new Promise((r) => running.once('exit', r));
      process.kill(-running.pid!, 'SIGTERM');
      await exited;
    },
    async close() {
      await idp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await idp.start();
  return idp;
}

/** Removes every XML signature (a response as an attacker would send it without the IdP's key). */
export function stripSignatures(xml: string): string {
  return xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
}

/**
 * Signs the (first) assertion of a response again with `privateKey` after `change` altered it: what the IdP itself
 * could sign (the IdP's key) or what a stranger's key signs. Tests use it to make answers that are validly signed
 * but wrong in one respect (audience, recipient, times, request).
 */
export function resignAssertion(xml: string, privateKey: string, change: (xml: string) => string = (x) => x): string {
  const unsigned = change(stripSignatures(xml));
  const sig = new SignedXml({
    privateKey,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(unsigned, {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

/** A key and certificate the IdP never had (openssl), for answers signed by a stranger. */
export function strangerKey(): { privateKey: string; certificate: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-saml-stranger-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', '/CN=Stranger'].concat([
        '-keyout',
        path.join(dir, 'k.pem'),
        '-out',
        path.join(dir, 'c.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return {
      privateKey: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'),
      certificate: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
