// The hospital's mail relay in a browser spec: a real SMTP server on 127.0.0.1 that keeps every message the desk sends.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

export type Captured = { to: string[]; raw: string; mail: ParsedMail };

/**
 * Starts the relay before the spec's tests and stops it after them. Call it before `deskForSpec`, so the relay listens
 * by the time the desk is opened and `port()` can be given to the server.
 */
export function captureRelay(): { captured: Captured[]; port: () => number } {
  const captured: Captured[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            captured.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw, mail });
            cb();
          },
          (err: Error) => cb(err),
        );
      });
    },
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(0, '127.0.0.1', () => resolve());
    });
    port = (relay.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));
  return { captured, port: () => port };
}
