// The SMTP listener the hospital's relay forwards the desk's address to (docs/email.md). It accepts only the
// allowed relays, only the desk's addresses as recipients, messages up to the size limit, and answers "250" only
// once the message is stored; processing follows on the same path as every other way in (ingestMessage).
import fs from 'node:fs';
import { BlockList, isIPv6 } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../platform/context.ts';
import type { Listener, RunningListener } from '../../platform/features.ts';
import { ingestMessage } from './service/intake.ts';

type Settings = AppContext['config']['smtpIn'];

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** The allowed relays as a block list (addresses and CIDR ranges, IPv4 and IPv6). */
export function relayList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function allowed(list: BlockList, remote: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote)?.[1];
  if (mapped) return list.check(mapped, 'ipv4');
  return list.check(remote, isIPv6(remote) ? 'ipv6' : 'ipv4');
}

type Session = SMTPServerSession & { rcptAttempts?: number };

export async function startSmtpListener(ctx: AppContext, s: Settings): Promise<RunningListener> {
  const relays = relayList(s.allowedRelays);
  const desk = new Set(s.addresses);
  const inFlight = new Set<Promise<unknown>>();
  const tls = s.tls ? { key: fs.readFileSync(s.tls.keyFile), cert: fs.readFileSync(s.tls.certFile) } : {};
  const server = new SMTPServer({
    name: s.hostname,
    banner: 'Clinidesk service desk',
    size: s.maxBytes,
    authOptional: true,
    disabledCommands: s.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...tls,
    logger: false,
    closeTimeout: 5_000,
    onConnect(session, cb) {
      if (allowed(relays, session.remoteAddress)) return cb();
      ctx.log.warn({ remote: session.remoteAddress }, 'smtp connection from a host that is not an allowed relay');
      cb(smtpError(554, '5.7.1 This host is not an allowed relay for the service desk'));
    },
    // The recipient count is per message: a relay sends many messages over one connection (RSET or a new MAIL FROM
    // starts the next), and only a message to too many recipients is refused.
    onMailFrom(_address, session: Session, cb) {
      session.rcptAttempts = 0;
      cb();
    },
    onRcptTo(address, session: Session, cb) {
      session.rcptAttempts = (session.rcptAttempts ?? 0) + 1;
      if (session.rcptAttempts > s.maxRecipients) return cb(smtpError(452, '4.5.3 Too many recipients'));
      if (!desk.has(address.address.toLowerCase()))
        return cb(smtpError(550, '5.1.1 Not a service desk address: this server accepts mail only for the desk'));
      cb();
    },
    onData(stream: SMTPServerDataStream, session: Session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= s.maxBytes) chunks.push(c);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > s.maxBytes)
          return cb(smtpError(552, `5.3.4 Message too big: the desk accepts at most ${s.maxBytes} bytes`));
        if ((session.rcptAttempts ?? 0) > s.maxRecipients)
          return cb(
            smtpError(550, `5.5.3 Too many recipients: a message to the desk may have at most ${s.maxRecipients}`),
          );
        const raw = Buffer.concat(chunks);
        let answered = false;
        const work = ingestMessage(
          ctx,
          raw,
          {
            kind: 'smtp',
            remoteAddress: session.remoteAddress,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          },
          (stored) => {
            answered = true;
            cb(null, `2.0.0 Received by the service desk (${stored.duplicate ? 'already had it' : stored.id})`);
          },
        )
          .catch((err) => {
            ctx.log.error({ err }, 'email intake failed');
            // Not stored: the relay keeps the message and tries again later.
            if (!answered) cb(smtpError(451, '4.3.0 The desk could not store the message now; try again later'));
          })
          .finally(() => inFlight.delete(work));
        inFlight.add(work);
      });
    },
  });
  server.on('error', (err) => ctx.log.error({ err }, 'smtp listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(s.port, s.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : s.port;
  ctx.log.info({ port, host: s.host }, 'smtp listener for email in');
  return {
    name: 'smtp',
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

export const smtpListener: Listener = {
  name: 'smtp',
  start: async (ctx) => (ctx.config.smtpIn.enabled ? startSmtpListener(ctx, ctx.config.smtpIn) : null),
};
