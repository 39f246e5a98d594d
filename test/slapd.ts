// A real LDAP server for the tests: Debian's slapd (OpenLDAP 2.5), started as a child process with its own
// configuration and database in a temporary folder (no system service), on free ports of 127.0.0.1: plain LDAP with
// StartTLS, and LDAPS, both with a throwaway certificate made by openssl. It holds a small hospital directory (below).
// `stop()` and `start()` again keep the same ports and entries; `modify()` changes entries as the directory's
// administrator would (ldapmodify).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, selfSignedCertificate, waitForPort } from './local-servers.ts';

const SLAPD = ['/usr/sbin/slapd', '/usr/local/sbin/slapd'].find((p) => fs.existsSync(p));
const MODULES = ['/usr/lib/ldap', '/usr/lib/x86_64-linux-gnu/ldap', '/usr/lib/aarch64-linux-gnu/ldap'].find((p) =>
  fs.existsSync(path.join(p, 'back_mdb.la')),
);
const SCHEMA = '/etc/ldap/schema';

/** Why the LDAP tests cannot run here, or null when they can. Under CI they must: never a reason then. */
export function slapdMissing(): string | null {
  const tools = ['/usr/bin/ldapmodify', '/usr/sbin/slapadd'].every((p) => fs.existsSync(p));
  if (SLAPD && MODULES && tools) return null;
  if (process.env.CI === 'true') throw new Error('slapd is not installed: .ci/run installs slapd and ldap-utils');
  return 'slapd is not installed (apt-get install slapd ldap-utils); the LDAP tests are skipped';
}

export const BASE_DN = 'dc=hospital,dc=example';
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const SERVICE_DN = `cn=clinidesk-sync,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'sync-Secret-42';
const ADMIN_PASSWORD = 'admin-Secret-42';

/** The hospital's staff in the directory: login name → what the tests need to know. Passwords are `<uid>-Pass-1`. */
export const STAFF = {
  rdelgado: {
    name: 'Rosa Delgado',
    employeeNumber: 'E200001',
    mail: 'rosa.delgado@hospital.example',
    groups: ['Nurses'],
  },
  aokafor: {
    name: 'Ade Okafor',
    employeeNumber: 'E200002',
    mail: 'ade.okafor@hospital.example',
    groups: ['ServiceDesk-Agents'],
  },
  mchen: {
    name: 'Mei Chen',
    employeeNumber: 'E200003',
    mail: 'mei.chen@hospital.example',
    groups: ['ServiceDesk-Managers'],
  },
  pshah: { name: 'Priya Shah', employeeNumber: 'E200004', mail: 'priya.shah@hospital.example', groups: ['Physicians'] },
  tnguyen: {
    name: 'Tom Nguyen',
    employeeNumber: 'E200005',
    mail: 'tom.nguyen@hospital.example',
    groups: ['ServiceDesk-Agents', 'Nurses'],
  },
  lbrown: { name: 'Lee Brown', employeeNumber: 'E200006', mail: 'lee.brown@hospital.example', groups: [] },
} as const;
export type StaffId = keyof typeof STAFF;
export const passwordOf = (uid: StaffId) => `${uid}-Pass-1`;
export const dnOf = (uid: string) => `uid=${uid},ou=people,${BASE_DN}`;
const GROUPS = ['ServiceDesk-Agents', 'ServiceDesk-Managers', 'Nurses', 'Physicians'];

function directoryLdif(): string {
  const people = Object.entries(STAFF).map(([uid, p], i) => {
    const [given, sn] = p.name.split(' ');
    return [
      `dn: ${dnOf(uid)}`,
      'objectClass: inetOrgPerson',
      `uid: ${uid}`,
      `cn: ${p.name}`,
      `givenName: ${given}`,
      `sn: ${sn}`,
      `displayName: ${p.name}`,
      `mail: ${p.mail}`,
      `employeeNumber: ${p.employeeNumber}`,
      `telephoneNumber: +1 555 201 ${String(1000 + i)}`,
      `departmentNumber: ${(p.groups as readonly string[]).includes('Nurses') ? 'Ward 4B' : 'IT Service Desk'}`,
      ...(uid === 'aokafor' || uid === 'tnguyen' ? [`manager: ${dnOf('mchen')}`] : []),
      `userPassword: ${passwordOf(uid as StaffId)}`,
    ].join('\n');
  });
  const groups = GROUPS.map((g) => {
    const members = Object.entries(STAFF)
      .filter(([, p]) => (p.groups as readonly string[] as string[]).includes(g))
      .map(([uid]) => `member: ${dnOf(uid)}`);
    // groupOfNames needs a member: the service account stands in for an empty group.
    return [
      `dn: cn=${g},ou=groups,${BASE_DN}`,
      'objectClass: groupOfNames',
      `cn: ${g}`,
      ...(members.length ? members : [`member: ${SERVICE_DN}`]),
    ].join('\n');
  });
  return `${[
    [
      `dn: ${BASE_DN}`,
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: hospital',
      'o: General Hospital',
    ].join('\n'),
    ...['people', 'groups', 'services'].map((ou) =>
      [`dn: ou=${ou},${BASE_DN}`, 'objectClass: organizationalUnit', `ou: ${ou}`].join('\n'),
    ),
    [
      `dn: ${SERVICE_DN}`,
      'objectClass: organizationalRole',
      'objectClass: simpleSecurityObject',
      'cn: clinidesk-sync',
      `userPassword: ${SERVICE_PASSWORD}`,
    ].join('\n'),
    ...people,
    ...groups,
  ].join('\n\n')}\n`;
}

export type Slapd = {
  /** ldap://127.0.0.1:<port>: plain, StartTLS offered. */
  url: string;
  /** ldaps://127.0.0.1:<port>. */
  ldapsUrl: string;
  /** The throwaway certificate (PEM), for the connection's trusted CA. */
  caPem: string;
  /** Changes entries as the directory's administrator (an LDIF for ldapmodify). */
  modify(ldif: string): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startSlapd(): Promise<Slapd> {
  if (!SLAPD || !MODULES) throw new Error(slapdMissing() ?? 'slapd is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-slapd-'));
  const [port, ldapsPort] = [await freePort(), await freePort()];
  const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  selfSignedCertificate(
    { certFile, keyFile },
    { subject: '/CN=127.0.0.1', altNames: 'IP:127.0.0.1,DNS:localhost', days: 1 },
  );
  fs.mkdirSync(path.join(dir, 'db'));
  const conf = path.join(dir, 'slapd.conf');
  fs.writeFileSync(
    conf,
    `include ${SCHEMA}/core.schema
include ${SCHEMA}/cosine.schema
include ${SCHEMA}/inetorgperson.schema
modulepath ${MODULES}
moduleload back_mdb
pidfile ${dir}/slapd.pid
TLSCertificateFile ${certFile}
TLSCertificateKeyFile ${keyFile}
database mdb
maxsize 10485760
suffix "${BASE_DN}"
rootdn "${ADMIN_DN}"
rootpw ${ADMIN_PASSWORD}
directory ${dir}/db
index objectClass,uid,mail,employeeNumber,member eq
# Passwords: only to bind with. Everything else: read by the sync's service account (least privilege) and oneself.
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="${SERVICE_DN}" read by self read by * none
`,
  );
  const ldif = path.join(dir, 'directory.ldif');
  fs.writeFileSync(ldif, directoryLdif());
  execFileSync('/usr/sbin/slapadd', ['-f', conf, '-l', ldif], { stdio: 'pipe' });
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: Slapd = {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    caPem: fs.readFileSync(certFile, 'utf8'),
    modify(changes: string) {
      execFileSync('/usr/bin/ldapmodify', ['-x', '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
        input: changes,
        stdio: ['pipe', 'ignore', 'pipe'],
      });
    },
    async start() {
      child = spawn(SLAPD, ['-d', '0', '-f', conf, '-h', `${url}/ ldaps://127.0.0.1:${ldapsPort}/`], {
        stdio: 'ignore',
      });
      child.once('exit', () => {
        child = null;
      });
      await waitForPort(port, true, 'slapd');
      await waitForPort(ldapsPort, true, 'slapd');
    },
    async stop() {
      const running = child;
      if (!running) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await exited;
      await waitForPort(port, false, 'slapd');
    },
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
