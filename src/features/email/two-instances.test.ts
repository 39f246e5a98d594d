// Two app instances on one PostgreSQL database, each with its own SMTP listener behind the same relay: the same
// message delivered to both is one message, and a storm spread over both is still one ticket. Needs a PostgreSQL
// server (TEST_DATABASE_URL, else the local one at 127.0.0.1:5432); skipped when none answers.
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Instance, postgresAnswers, startTwoInstances, type TwoInstances } from '../../../test/two-instances.ts';

const DESK = 'servicedesk@hospital.test';

const hasPg = await postgresAnswers();

describe.skipIf(!hasPg)('email in with two app instances on PostgreSQL', () => {
  let instances: TwoInstances | undefined;
  let a: Instance;
  let b: Instance;
  const mailers: Transporter[] = [];

  beforeAll(async () => {
    instances = await startTwoInstances({
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_PORT: '0',
      CLINIDESK_SMTP_HOST: '127.0.0.1',
      CLINIDESK_SMTP_ADDRESSES: DESK,
    });
    ({ a, b } = instances);
    for (const instance of [a, b]) {
      const port = instance.listeners.find((l) => l.name === 'smtp')!.port;
      mailers.push(nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const m of mailers) m.close();
    await instances?.close();
  });

  const q = <T>(sql: string, params: unknown[] = []) => a.ctx.database.query<T>(sql, params);

  async function settled(sender: string, n: number) {
    for (let i = 0; i < 300; i++) {
      const rows = await q<{ state: string; outcome: string; ticket_id: string | null }>(
        `SELECT state, outcome, ticket_id FROM email_messages WHERE sender = $1 AND state <> 'received'`,
        [sender],
      );
      if (rows.length >= n) return rows;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the messages from ${sender} were not all processed`);
  }

  it('stores the same message delivered to both instances at once as one message and one ticket', async () => {
    const mail = {
      from: 'twice@hospital.test',
      to: DESK,
      subject: 'Delivered to both',
      text: 'x',
      messageId: '<same-message@hospital.test>',
    };
    const answers = await Promise.all(mailers.map((m) => m.sendMail(mail)));
    for (const info of answers) expect(info.response).toMatch(/^250 /);
    const rows = await settled('twice@hospital.test', 1);
    expect(rows).toHaveLength(1);
    const [count] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE summary = 'Delivered to both'`,
    );
    expect(count!.n).toBe(1);
  });

  it('turns a storm of 20 messages spread over both instances into one ticket, one unverified requester', async () => {
    const sender = 'loop@hospital.test';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mailers[i % 2]!.sendMail({ from: sender, to: DESK, subject: 'Queue alert', text: `depth ${i}` }),
      ),
    );
    const rows = await settled(sender, 20);
    expect(rows.filter((r) => r.outcome === 'opened')).toHaveLength(1);
    expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(1);
    const [people] = await q<{ n: number }>('SELECT count(*)::int AS n FROM people WHERE email = $1', [sender]);
    expect(people!.n).toBe(1);
  });
});
