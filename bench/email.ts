// `npm run bench:email`: the email channel (issue 13) on this machine, against a server in its own process on
// loopback with its SMTP listener on and a real SMTP relay (smtp-server, in this process) for the mail it sends.
// PGlite always; PostgreSQL too when BENCH_DATABASE_URL is set (a fresh database, dropped afterwards); BENCH_ONLY
// picks one. See docs/benchmarks.md, "Email (issue 13)".
//
// Inbound: BENCH_EMAIL_MESSAGES realistic messages from demo clinicians (addresses on file) sent with nodemailer over
//   a pool of BENCH_EMAIL_CONNECTIONS connections: messages/s accepted ("250"), messages/s turned into tickets, and
//   the time from each "250" to its ticket.opened event on the console's live stream (signed in as an agent).
// Outbound: a burst of BENCH_EMAIL_BURST notifications queued at once: time until the relay has them all (mails/s),
//   and ticket creation (POST /api/v1/tickets, autocannon) during the drain against the same load without one.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { type ServerProcess, startServerProcess } from './child.ts';
import {
  benchKinds,
  cleanups,
  createPostgresDatabase,
  type DbKind,
  eachDatabase,
  envInt,
  fmt,
  percentiles,
  postLoad,
  round,
  runBench,
  signIn,
  sleep,
} from './common.ts';
import { type Api, scenarioTarget } from './scenarios.ts';

const MESSAGES = envInt('BENCH_EMAIL_MESSAGES', 500, 1);
const SMTP_CONNECTIONS = envInt('BENCH_EMAIL_CONNECTIONS', 4, 1);
const MESSAGES_PER_CONNECTION = envInt('BENCH_EMAIL_MESSAGES_PER_CONNECTION', 20, 1);
const BURST = envInt('BENCH_EMAIL_BURST', 10_000, 0);
/** Messages per second to send at (0: as fast as the pool takes them). Below the intake's capacity, the "250" → live
 * time is the work per message; above it, it is mostly the time spent waiting behind earlier messages. */
const RATE = envInt('BENCH_EMAIL_RATE', 0, 0);
const LOAD_SECONDS = envInt('BENCH_EMAIL_LOAD_SECONDS', 10, 1);
const LOAD_CONNECTIONS = envInt('BENCH_EMAIL_LOAD_CONNECTIONS', 4, 1);
const DRAIN_TIMEOUT_S = envInt('BENCH_EMAIL_DRAIN_TIMEOUT_SECONDS', 600, 10);
/** Under the mail-storm rule (more than 5 messages in 10 minutes from one sender join their latest ticket). */
const PER_SENDER = 3;
const DESK = 'servicedesk@stmarys.example';
const DEMO_TICKETS = 2000;

async function main() {
  const kinds = benchKinds();
  console.log(
    `Clinidesk email bench: ${MESSAGES} messages in over ${SMTP_CONNECTIONS} SMTP connections` +
      `${RATE ? ` at ${RATE}/s` : ''}, a burst of ${BURST} ` +
      `notifications out, ticket creation ${LOAD_SECONDS} s × ${LOAD_CONNECTIONS} connections; databases: ` +
      `${kinds.join(', ')}; load average ${os.loadavg()[0]?.toFixed(2)} on ${os.cpus().length} CPUs`,
  );
  await eachDatabase(kinds, 'email', benchDatabase, printSummary);
}

async function benchDatabase(kind: DbKind) {
  const startedAt = new Date().toISOString();
  const machine = {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCount: os.cpus().length,
    node: process.version,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2), // before our load: other work's
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinidesk-bench-email-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl =
    kind === 'postgres' ? await createPostgresDatabase(process.env.BENCH_DATABASE_URL!, 'email') : undefined;

  const relay = await startRelay();
  cleanups.push(() => relay.close());
  const t0 = performance.now();
  const server = await startServerProcess({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    env: {
      // A small demo history by default: a fresh 15,000-ticket seed keeps the server busy (SLA backfill, report
      // facts) for minutes, which would be measured instead of mail. BENCH_TICKETS sets it.
      BENCH_TICKETS: process.env.BENCH_TICKETS ?? String(DEMO_TICKETS),
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_PORT: '0',
      CLINIDESK_SMTP_HOST: '127.0.0.1',
      CLINIDESK_SMTP_ADDRESSES: DESK,
      CLINIDESK_MAIL_RELAY_HOST: '127.0.0.1',
      CLINIDESK_MAIL_RELAY_PORT: String(relay.port),
      CLINIDESK_MAIL_RELAY_SECURITY: 'none',
      CLINIDESK_MAIL_FROM: `"Service desk" <${DESK}>`,
    },
  });
  cleanups.push(() => server.stop());
  const smtpPort = server.listeners.smtp;
  if (!smtpPort) throw new Error('the server did not start its SMTP listener');
  console.log(
    `\n[${kind}] server pid ${server.pid} at ${server.url}, SMTP on ${smtpPort}, started in ` +
      `${Math.round(performance.now() - t0)} ms; relay on ${relay.port}`,
  );
  const admin = await signIn(server.url, 'admin', 'bench email');
  const inbound = await benchInbound(kind, server, admin);
  const outbound = BURST ? await benchOutbound(kind, server, admin, relay) : null;
  return {
    startedAt,
    database: { kind },
    demoTickets: Number(process.env.BENCH_TICKETS ?? DEMO_TICKETS),
    machine,
    settings: {
      messages: MESSAGES,
      smtpConnections: SMTP_CONNECTIONS,
      messagesPerConnection: MESSAGES_PER_CONNECTION,
      ratePerSec: RATE || null,
      burst: BURST,
      loadSeconds: LOAD_SECONDS,
      loadConnections: LOAD_CONNECTIONS,
    },
    inbound,
    outbound,
  };
}

// ---- inbound ----
async function benchInbound(kind: DbKind, server: ServerProcess, admin: Api) {
  const senders = await server.command<{ email: string; name: string }[]>({
    senders: { count: Math.ceil(MESSAGES / PER_SENDER) },
  });
  if (senders.length * PER_SENDER < MESSAGES)
    throw new Error(
      `only ${senders.length} clinicians with an email on file: send at most ${senders.length * PER_SENDER}`,
    );

  // The console's live stream, as an agent sees it: the time each ticket.opened arrives, by ticket number.
  const agent = await signIn(server.url, 'agent', 'bench email');
  const opened = new Map<string, number>();
  const seenIds: number[] = []; // every event's outbox id, in the order the stream brought them
  const stream = await subscribe(server.url, agent.cookie!, (type, data) => {
    const event = JSON.parse(data) as { id?: number; payload?: { number?: string } };
    if (typeof event.id === 'number') seenIds.push(event.id);
    if (type !== 'ticket.opened') return;
    const number = event.payload?.number;
    if (number && !opened.has(number)) opened.set(number, performance.now());
  });
  cleanups.push(() => stream.close());

  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.listeners.smtp!,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    // A new connection after this many messages. Exchange's send connectors default to 20 per connection; the
    // listener as of this bench refuses every message past its recipient limit (20) on one connection (it counts
    // recipients per connection, not per message), so more per connection would measure refusals.
    maxMessages: MESSAGES_PER_CONNECTION,
  });
  const accepted = new Map<string, number>(); // Message-ID → when its "250" came back
  const refused: string[] = [];
  const stamp = Date.now().toString(36);
  process.stdout.write(`[${kind}] inbound: sending ${MESSAGES} messages … `);
  server.resetPeak();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: MESSAGES }, async (_, i) => {
      const who = senders[i % senders.length]!;
      const messageId = `<bench-${stamp}-${i}@mail.stmarys.example>`;
      if (RATE) await sleep(start + (i * 1000) / RATE - performance.now());
      try {
        const info = await transport.sendMail({ ...realisticMessage(i, who), to: DESK, messageId });
        if (!/^250\b/.test(info.response)) throw new Error(info.response);
        accepted.set(messageId, performance.now());
      } catch (err) {
        refused.push(err instanceof Error ? err.message : String(err));
      }
    }),
  );
  const acceptedIn = (performance.now() - start) / 1000;
  transport.close();
  console.log(`${accepted.size} accepted in ${acceptedIn.toFixed(1)} s`);
  if (refused.length) console.warn(`WARNING: ${refused.length} refused, e.g. ${refused[0]}`);

  // Each message's ticket, from Admin → Email (processed messages name their ticket).
  const ticketOf = new Map<string, string>();
  const deadline = performance.now() + 120_000;
  let lastSaid = performance.now();
  for (;;) {
    // Accumulated over polls: the list pages by offset over received_at alone, so a page may skip a row whose
    // received_at ties with another's (the next poll finds it).
    for (let offset = 0; ; offset += 200) {
      const page = await admin.request<{ messages: { messageId: string; ticket: string | null }[] }>(
        'GET',
        `/api/v1/email/messages?state=processed&limit=200&offset=${offset}`,
      );
      for (const m of page.messages) if (m.ticket && accepted.has(m.messageId)) ticketOf.set(m.messageId, m.ticket);
      if (page.messages.length < 200) break;
    }
    const live = [...ticketOf.values()].filter((n) => opened.has(n)).length;
    if (live >= accepted.size) break;
    if (performance.now() - lastSaid > 10_000) {
      lastSaid = performance.now();
      console.log(
        `[${kind}] inbound: ${ticketOf.size} processed, ${opened.size} ticket.opened events seen, ${live} matched`,
      );
    }
    if (performance.now() > deadline) {
      console.warn(`WARNING: after 120 s, ${ticketOf.size} of ${accepted.size} messages processed, ${live} live`);
      const missing = [...new Set(ticketOf.values())].filter((n) => !opened.has(n));
      if (missing.length) {
        const events = await server.command({
          outboxOf: { numbers: missing.map((n) => Number(n.replace(/\D/g, ''))) },
        });
        console.warn(`never on the agent's stream: ${missing.join(', ')}; their outbox events:`, events);
        console.warn(`the stream's first event ids: ${seenIds.slice(0, 12).join(', ')}`);
        const ids = (events as { id: string }[]).map((e) => Number(e.id));
        const around = { from: Math.min(...ids), to: Math.max(...ids) };
        console.warn(`the dispatcher handed out, in order:`, await server.command({ dispatched: around }));
        console.warn(
          `the stream got, in order:`,
          seenIds.filter((id) => id >= around.from && id <= around.to),
        );
      }
      break;
    }
    await sleep(500);
  }
  const memory = server.memory();
  const latencies: number[] = [];
  let lastLive = start;
  for (const [messageId, at250] of accepted) {
    const number = ticketOf.get(messageId);
    const liveAt = number ? opened.get(number) : undefined;
    if (liveAt === undefined) continue;
    latencies.push(liveAt - at250);
    lastLive = Math.max(lastLive, liveAt);
  }
  const ticketsIn = (lastLive - start) / 1000;
  const distinctTickets = new Set(ticketOf.values()).size;
  stream.close();
  const figures = {
    messagesSent: MESSAGES,
    accepted: accepted.size,
    refused: refused.length,
    ticketsLive: latencies.length,
    distinctTickets,
    acceptedPerSec: round(accepted.size / acceptedIn, 1),
    ticketsPerSec: round(latencies.length / ticketsIn, 1),
    secondsToLastTicketLive: round(ticketsIn, 2),
    receiptToLiveMs: percentiles(latencies),
    memory,
  };
  console.log(
    `[${kind}] inbound: ${figures.acceptedPerSec} msg/s accepted, ${figures.ticketsPerSec} tickets/s live; "250" → ` +
      `ticket.opened p50 ${fmt(figures.receiptToLiveMs.p50)} ms, p99 ${fmt(figures.receiptToLiveMs.p99)} ms`,
  );
  return figures;
}

const PROBLEMS = [
  ['Cannot sign orders in CPOE', 'When I try to sign the medication orders the button stays grey.'],
  ['Printer on the unit jams on wristbands', 'The wristband printer at the nurses station jams every few labels.'],
  ['Barcode scanner does not read', 'The handheld scanner beeps but nothing shows in the MAR.'],
  ['Locked out of the workstation', 'My badge tap does not log me in on the workstation by bed 12.'],
  ['Lab results not showing', 'Results from this morning are not in the chart though the lab says they are final.'],
  ['Pump library out of date', 'The infusion pump shows an old drug library version.'],
  ['Dictation app crashes', 'Dragon closes itself every time I start a note.'],
  ['Cannot open the discharge summary', 'The discharge summary template gives an error when I open it.'],
] as const;

/** A message like a clinician writes: a short subject, a few lines, an Outlook-style signature. */
function realisticMessage(i: number, who: { email: string; name: string }) {
  const [subject, line] = PROBLEMS[i % PROBLEMS.length]!;
  return {
    from: `"${who.name}" <${who.email}>`,
    subject: `${subject} (${i})`,
    text:
      `Hello,\n\n${line}\nIt started about an hour ago and it happens on more than one computer. ` +
      `Could someone call me back on the unit?\n\nThanks,\n${who.name}\n\nSent from Outlook`,
  };
}

type Stream = { close(): void };

/** GET /api/v1/events with the agent's session; calls onEvent(type, data) for each event as it arrives. */
async function subscribe(url: string, cookie: string, onEvent: (type: string, data: string) => void): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`GET /api/v1/events → ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          console.warn("WARNING: the server ended the agent's event stream; later events are not counted");
          return;
        }
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data: string[] = [];
          for (const l of block.split('\n')) {
            if (l.startsWith('event:')) type = l.slice(6).trim();
            else if (l.startsWith('data:')) data.push(l.slice(5).trimStart());
          }
          if (data.length) onEvent(type, data.join('\n'));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (err) {
      // Aborted by the bench when it closes the stream; anything else means the server dropped it.
      if (!controller.signal.aborted) console.warn("WARNING: the agent's event stream failed:", err);
    }
  })();
  return { close: () => controller.abort() };
}

// ---- outbound ----
type Relay = { port: number; received: () => number; burstSeen: (ids: Set<string>) => number; close(): Promise<void> };

/** A real SMTP server standing in for the hospital's relay: takes every message, keeps each one's Message-ID. */
async function startRelay(): Promise<Relay> {
  const messageIds: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('utf8');
      });
      stream.on('end', () => {
        messageIds.push(/^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '');
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  let counted = 0;
  let burst = 0;
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received: () => messageIds.length,
    // The notices carry <ticket-{ticketId}.{deliveryId}@domain>: count those of the burst, incrementally.
    burstSeen: (ids) => {
      for (; counted < messageIds.length; counted++) {
        const id = /\.([0-9a-f-]{36})@/.exec(messageIds[counted]!)?.[1];
        if (id && ids.has(id)) burst++;
      }
      return burst;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function benchOutbound(kind: DbKind, server: ServerProcess, admin: Api, relay: Relay) {
  const target = await scenarioTarget('ticket-create', admin);
  // Let the receipts of the inbound tickets go out first: the baseline is ticket creation on a quiet queue.
  await settleRelay(relay);
  process.stdout.write(`[${kind}] ticket creation without a drain, ${LOAD_SECONDS} s … `);
  await postLoad(admin, target, { seconds: 2, first: 0, connections: LOAD_CONNECTIONS }); // warm-up
  const baseline = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 1_000_000,
    connections: LOAD_CONNECTIONS,
  });
  console.log(`${baseline.requestsPerSec} req/s, p99 ${baseline.latencyMs.p99} ms`);
  await settleRelay(relay);

  process.stdout.write(`[${kind}] outbound: queueing ${BURST} notifications … `);
  server.resetPeak();
  const queued = await server.command<{ ids: string[]; ms: number }>({ queueNotifications: { count: BURST } });
  const ids = new Set(queued.ids);
  const drainStart = performance.now();
  // The load starts once the sender is at work (its job runs every 5 s), so it measures ticket work beside a drain.
  while (relay.burstSeen(ids) === 0 && performance.now() - drainStart < 30_000) await sleep(50);
  const firstMailAfterMs = Math.round(performance.now() - drainStart);
  const sentAtLoadStart = relay.burstSeen(ids);
  console.log(
    `queued in ${queued.ms} ms, first mail out after ${firstMailAfterMs} ms; ticket creation during the drain, ${LOAD_SECONDS} s …`,
  );
  const loadStart = performance.now();
  const during = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 2_000_000,
    connections: LOAD_CONNECTIONS,
  });
  const sentByLoadEnd = relay.burstSeen(ids);
  const mailsPerSecDuringLoad = round((sentByLoadEnd - sentAtLoadStart) / ((performance.now() - loadStart) / 1000), 1);
  console.log(
    `[${kind}] during the drain: ${during.requestsPerSec} req/s, p99 ${during.latencyMs.p99} ms; ` +
      `${sentByLoadEnd - sentAtLoadStart} mails sent meanwhile (${mailsPerSecDuringLoad}/s), ${sentByLoadEnd} of ${BURST} in all`,
  );
  const deadline = drainStart + DRAIN_TIMEOUT_S * 1000;
  while (relay.burstSeen(ids) < BURST && performance.now() < deadline) await sleep(100);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const sent = relay.burstSeen(ids);
  if (sent < BURST) console.warn(`WARNING: ${sent} of ${BURST} burst mails reached the relay in ${DRAIN_TIMEOUT_S} s`);
  const memoryAfterDrain = server.memory();
  // The same load again once the queue is empty: the machine is shared, so the two runs without a drain bracket the
  // one during it, and the ratio is to their mean.
  await settleRelay(relay);
  process.stdout.write(`[${kind}] ticket creation after the drain, ${LOAD_SECONDS} s … `);
  const after = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 3_000_000,
    connections: LOAD_CONNECTIONS,
  });
  console.log(`${after.requestsPerSec} req/s, p99 ${after.latencyMs.p99} ms`);
  const quietReqPerSec = (baseline.requestsPerSec + after.requestsPerSec) / 2;
  const quietP99 = (baseline.latencyMs.p99 + after.latencyMs.p99) / 2;
  const figures = {
    burst: BURST,
    queueMs: queued.ms,
    sent,
    drainSeconds: round(drainSeconds, 2),
    mailsPerSec: round(sent / drainSeconds, 1),
    firstMailAfterMs,
    sentAtLoadStart,
    sentByEndOfLoad: sentByLoadEnd,
    mailsPerSecDuringLoad,
    loadDuringWholly: sentByLoadEnd < BURST,
    memoryAfterDrain,
    ticketCreate: {
      baseline,
      duringDrain: during,
      afterDrain: after,
      /** During the drain ÷ the mean of the runs before and after it. */
      ratioReqPerSec: round(during.requestsPerSec / quietReqPerSec, 3),
      ratioP99: round(during.latencyMs.p99 / quietP99, 3),
    },
  };
  console.log(
    `[${kind}] outbound: ${sent} mails in ${figures.drainSeconds} s = ${figures.mailsPerSec} mails/s; ticket ` +
      `creation during ÷ without: ${figures.ticketCreate.ratioReqPerSec} × req/s, ${figures.ticketCreate.ratioP99} × p99`,
  );
  return figures;
}

/** Waits until the relay has received nothing new for 6 s (the sender runs every 5 s). */
async function settleRelay(relay: Relay) {
  let last = -1;
  while (relay.received() !== last) {
    last = relay.received();
    await sleep(6000);
  }
}

type Report = Awaited<ReturnType<typeof benchDatabase>>;

function printSummary(kind: DbKind, r: Report) {
  const i = r.inbound;
  const o = r.outbound;
  console.log(
    `\n${kind} (load average ${r.machine.loadAverage1m} at start)\n` +
      `inbound   ${i.accepted}/${i.messagesSent} accepted at ${i.acceptedPerSec} msg/s; ${i.ticketsLive} tickets live at ` +
      `${i.ticketsPerSec}/s; "250" → live p50 ${fmt(i.receiptToLiveMs.p50)} ms, p99 ${fmt(i.receiptToLiveMs.p99)} ms, ` +
      `max ${fmt(i.receiptToLiveMs.max)} ms; server RSS ${i.memory?.rssMiB ?? '-'} MiB (peak ${i.memory?.peakRssMiB ?? '-'})`,
  );
  if (!o) return;
  const t = o.ticketCreate;
  console.log(
    `outbound  ${o.sent}/${o.burst} mails in ${o.drainSeconds} s = ${o.mailsPerSec} mails/s; server RSS ` +
      `${o.memoryAfterDrain?.rssMiB ?? '-'} MiB (peak ${o.memoryAfterDrain?.peakRssMiB ?? '-'}); ${o.mailsPerSecDuringLoad} mails/s ` +
      `while tickets were being created\n` +
      `tickets   without a drain ${t.baseline.requestsPerSec} req/s p50 ${t.baseline.latencyMs.p50} p99 ` +
      `${t.baseline.latencyMs.p99} ms (before), ${t.afterDrain.requestsPerSec} req/s p50 ${t.afterDrain.latencyMs.p50} ` +
      `p99 ${t.afterDrain.latencyMs.p99} ms (after); during ${t.duringDrain.requestsPerSec} req/s p50 ` +
      `${t.duringDrain.latencyMs.p50} p99 ${t.duringDrain.latencyMs.p99} ms; during ÷ without: ` +
      `${t.ratioReqPerSec} × req/s, ${t.ratioP99} × p99`,
  );
}

await runBench(main, 30);
