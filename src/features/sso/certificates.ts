// A SAML IdP's signing certificate as an administrator pastes it (PEM, or the base64 body ADFS and Entra ID export):
// checked to be X.509, stored as PEM, shown by subject, expiry and SHA-256 fingerprint.
import { X509Certificate } from 'node:crypto';
import type { CertificateView } from './schemas.ts';

export function certificateOf(text: string): { ok: true; pem: string; view: CertificateView } | { ok: false } {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) return { ok: false };
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    const cert = new X509Certificate(pem);
    return {
      ok: true,
      pem,
      view: {
        subject: cert.subject.replace(/\n/g, ', '),
        notAfter: new Date(cert.validTo).toISOString(),
        fingerprint: cert.fingerprint256,
      },
    };
  } catch {
    return { ok: false };
  }
}
