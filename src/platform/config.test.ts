import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration of the SMTP listener', () => {
  it('is off by default, with the local relay allowed and 25 MiB messages', () => {
    const c = loadConfig({});
    expect(c.smtpIn).toMatchObject({
      enabled: false,
      port: 2525,
      allowedRelays: ['127.0.0.1/32', '::1/128'],
      maxBytes: 25 * 1024 * 1024,
      tls: null,
    });
  });

  it('reads the desk addresses and relays as comma-separated lists (addresses in lower case)', () => {
    const c = loadConfig({
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_ADDRESSES: 'ServiceDesk@Hospital.org, it-help@hospital.org,',
      CLINIDESK_SMTP_ALLOWED_RELAYS: '10.20.0.0/16, 2001:db8::1',
    });
    expect(c.smtpIn.addresses).toEqual(['servicedesk@hospital.org', 'it-help@hospital.org']);
    expect(c.smtpIn.allowedRelays).toEqual(['10.20.0.0/16', '2001:db8::1']);
  });

  it('refuses to listen without a desk address, and a certificate without its key', () => {
    expect(() => loadConfig({ CLINIDESK_SMTP_LISTEN: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLINIDESK_SMTP_ADDRESSES: 'a@b.org', CLINIDESK_SMTP_TLS_CERT: '/etc/cert.pem' })).toThrow(
      /CLINIDESK_SMTP_TLS_CERT and CLINIDESK_SMTP_TLS_KEY go together/,
    );
  });
});
