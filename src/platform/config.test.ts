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

describe('configuration of IMAP polling', () => {
  it('is off unless a server is named', () => {
    expect(loadConfig({}).imapIn).toBeNull();
  });

  it('reads everything from one URL: TLS on 993 for imaps, the folder from the path', () => {
    const c = loadConfig({
      CLINIDESK_IMAP_URL: 'imaps://servicedesk%40hospital.org@outlook.office365.com/Service%20Desk',
      CLINIDESK_IMAP_PASSWORD: 'app-password',
    }).imapIn;
    expect(c).toMatchObject({
      host: 'outlook.office365.com',
      port: 993,
      security: 'tls',
      user: 'servicedesk@hospital.org',
      auth: { password: 'app-password' },
      mailbox: 'Service Desk',
      after: 'move',
      processedFolder: 'Clinidesk processed',
      pollMs: 60_000,
    });
  });

  it('takes the variables one by one over the URL; imap:// means STARTTLS on 143', () => {
    const c = loadConfig({
      CLINIDESK_IMAP_URL: 'imap://desk:pw@mail.hospital.org',
      CLINIDESK_IMAP_USER: 'other',
      CLINIDESK_IMAP_AFTER: 'flag',
    }).imapIn;
    expect(c).toMatchObject({ port: 143, security: 'starttls', user: 'other', mailbox: 'INBOX', after: 'flag' });
    expect(c?.auth).toEqual({ password: 'pw' });
  });

  it('signs in with an OAuth2 access token from a file instead of a password, never both', () => {
    const env = { CLINIDESK_IMAP_HOST: 'outlook.office365.com', CLINIDESK_IMAP_USER: 'desk@hospital.org' };
    const c = loadConfig({ ...env, CLINIDESK_IMAP_ACCESS_TOKEN_FILE: '/run/clinidesk/imap-token' }).imapIn;
    expect(c?.auth).toEqual({ accessTokenFile: '/run/clinidesk/imap-token' });
    expect(() => loadConfig(env)).toThrow(/give exactly one of them/);
    expect(() =>
      loadConfig({ ...env, CLINIDESK_IMAP_PASSWORD: 'x', CLINIDESK_IMAP_ACCESS_TOKEN_FILE: '/run/token' }),
    ).toThrow(/give exactly one of them/);
  });

  it('refuses a processed folder that is the polled folder itself, and a server without an account', () => {
    expect(() =>
      loadConfig({ CLINIDESK_IMAP_URL: 'imaps://d:p@mail.example/INBOX', CLINIDESK_IMAP_PROCESSED_FOLDER: 'INBOX' }),
    ).toThrow(/must not be the polled mailbox/);
    expect(() => loadConfig({ CLINIDESK_IMAP_HOST: 'mail.example' })).toThrow(/CLINIDESK_IMAP_USER/);
  });
});

describe('configuration of a read replica for reports', () => {
  const primary = 'postgres://clinidesk@db1/clinidesk';

  it('has none by default; with one, allows it 30 seconds behind unless told otherwise', () => {
    expect(loadConfig({}).replica).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'postgres://clinidesk@db2/clinidesk' }).replica,
    ).toEqual({ url: 'postgres://clinidesk@db2/clinidesk', maxLagSeconds: 30 });
    expect(
      loadConfig({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URL: 'postgresql://clinidesk@db2/clinidesk',
        CLINIDESK_REPLICA_MAX_LAG_SECONDS: '5',
      }).replica?.maxLagSeconds,
    ).toBe(5);
  });

  it('refuses a replica without DATABASE_URL (the embedded database has none), or one that is not a postgres:// URL', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://clinidesk@db2/clinidesk' })).toThrow(
      /DATABASE_REPLICA_URL: a read replica needs DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://db2/clinidesk' })).toThrow(
      /DATABASE_REPLICA_URL: must be a postgres:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, CLINIDESK_REPLICA_MAX_LAG_SECONDS: '0' })).toThrow(
      /CLINIDESK_REPLICA_MAX_LAG_SECONDS/,
    );
  });
});

describe('configuration of named prepared statements on a PostgreSQL server', () => {
  const server = 'postgres://clinidesk@db1/clinidesk';
  const direct = 'postgres://clinidesk@db1:5432/clinidesk';

  it('names them unless a direct URL of its own says a connection pooler stands in between; either can be overridden', () => {
    expect(loadConfig({ DATABASE_URL: server }).preparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_URL: server, DATABASE_DIRECT_URL: direct }).preparedStatements).toBe(false);
    // The same URL twice names no pooler.
    expect(loadConfig({ DATABASE_URL: server, DATABASE_DIRECT_URL: server }).preparedStatements).toBe(true);
    expect(
      loadConfig({ DATABASE_URL: server, DATABASE_DIRECT_URL: direct, DATABASE_PREPARED_STATEMENTS: 'true' })
        .preparedStatements,
    ).toBe(true);
    expect(loadConfig({ DATABASE_URL: server, DATABASE_PREPARED_STATEMENTS: 'no' }).preparedStatements).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });
});
