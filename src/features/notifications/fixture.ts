// Test set-up for notifications: a real SMTP server standing in for the hospital's relay (it can refuse mail, as a
// relay in trouble does), a pager endpoint that records what it is sent, and an app configured to use both.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../../../test/app.ts';

export type Received = { raw: string; mail: ParsedMail; to: string[] };

export type Relay = {
  port: number;
  received: Received[];
  /** While set, every recipient is refused with a temporary error (451), as a relay that is down for maintenance. */
  refuse: boolean;
  close(): Promise<void>;
};

export async function startRelay(): Promise<Relay> {
  const relay = { received: [] as Received[], refuse: false } as Relay;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (relay.refuse) {
        const err = Object.assign(new Error('Relay unavailable, try again later'), { responseCode: 451 });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        relay.received.push({ raw, mail: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.port = (server.server.address() as AddressInfo).port;
  relay.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return relay;
}

export type Pager = {
  url: string;
  received: { headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
};

export async function startPager(): Promise<Pager> {
  const received: Pager['received'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/page`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const MAIL_DOMAIN = 'riverside.test';
export const PAGER_SECRET = 'a-pager-secret-of-enough-length';

export async function appWithRelay(relay: Relay): Promise<TestApp> {
  return createTestApp({
    env: {
      CLINIDESK_MAIL_RELAY_HOST: '127.0.0.1',
      CLINIDESK_MAIL_RELAY_PORT: String(relay.port),
      CLINIDESK_MAIL_RELAY_SECURITY: 'none',
      CLINIDESK_MAIL_FROM: `"Riverside service desk" <servicedesk@${MAIL_DOMAIN}>`,
      CLINIDESK_PUBLIC_URL: 'https://desk.riverside.test',
      CLINIDESK_PAGER_SECRET: PAGER_SECRET,
    },
  });
}
