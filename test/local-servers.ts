// What the tests that run a real server of their own (dovecot, slapd, SimpleSAMLphp, the SMTP listener) share: a free
// port on 127.0.0.1, waiting for a port to open or close, and a throwaway self-signed certificate made with openssl.
import { execFileSync } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something listens on the port (`up`) or nothing does any more; throws naming `server` after `ms`. */
export async function waitForPort(port: number, up: boolean, server: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${server} did not ${up ? 'start' : 'stop'} listening on port ${port}`);
}

/** A self-signed RSA certificate and its unencrypted key, written to the two files (PEM). */
export function selfSignedCertificate(
  files: { certFile: string; keyFile: string },
  opts: { subject: string; altNames?: string; days?: number },
): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      String(opts.days ?? 2),
      '-subj',
      opts.subject,
      ...(opts.altNames ? ['-addext', `subjectAltName=${opts.altNames}`] : []),
      '-keyout',
      files.keyFile,
      '-out',
      files.certFile,
    ],
    { stdio: 'ignore' },
  );
}
