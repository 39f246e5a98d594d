// Loads the demo hospital into an empty database: St. Mary's Health (three facilities, ~40 units, rooms and
// assets), its service catalogue, support providers, groups and coverage, ~35 staff accounts (with the demo sign-in
// accounts), ~2,000 requesters, and 12 months of ticket history with its phone calls ending now. Deterministic: the
// same generator seed gives the same rows (ids and times are relative to `now`).

import { sql } from 'drizzle-orm';
import { backfillTicketSla } from '../features/sla/service.ts';
import type { RequestMeta } from '../platform/actor.ts';
import { recordAudit } from '../platform/audit/service.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { countUsers } from '../platform/auth/store.ts';
import { loadInBulk } from '../platform/db/bulk-load-store.ts';
import type { Database, Tx } from '../platform/db/connect.ts';
import { withLongGinLists } from '../platform/db/gin-lists-store.ts';
import { DEMO_MFA_EXEMPTION, DEMO_PASSWORD } from './accounts.ts';
import { seedContracts } from './contracts.ts';
import { seedDeskPhones } from './desk-phones.ts';
import { writeDirectory } from './directory.ts';
import { seedDowntime } from './downtime.ts';
import { seedGoLive } from './golive.ts';
import { HistoryInThread } from './history-thread.ts';
import { demoHistory, demoHospital } from './hospital.ts';
import { seedKnowledge } from './knowledge.ts';
import { HISTORY_TABLES, type HistorySource, TICKETS_PER_TRANSACTION } from './load.ts';
import { seedPulses, seedTicketSurveys } from './surveys.ts';
import { seedVerifications } from './verifications.ts';

/** Tickets in the default history: about 0.6 contacts per requester per month; seeds in seconds on PGlite. */
export const DEFAULT_DEMO_TICKETS = 15_000;
export const MAX_DEMO_TICKETS = 20_000_000;
/** Serialises concurrent seeds (two processes starting on one empty PostgreSQL database). */
const LOCK_KEY = 7_311_920_001;

export type SeedOptions = {
  /** Tickets in the 12-month history (default DEFAULT_DEMO_TICKETS; 0 for the directory and accounts only). */
  tickets?: number;
  /** The end of the history (default: now). The same `now` and size give the same rows. */
  now?: Date;
  /** Called every 100,000 tickets. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each phase ends, with its wall time (the first start's log shows where the time went). */
  onPhase?: (phase: SeedPhase, ms: number) => void;
};

export type SeedPhase = 'directory' | 'history' | 'after-history' | 'sla-backfill' | 'analyze';

export async function isEmpty(database: Database): Promise<boolean> {
  return (await countUsers(database.db)) === 0;
}

/** Seeds the demo hospital; returns false (and does nothing) when the database already has accounts. */
export async function seedDemo(database: Database, meta: RequestMeta, opts: SeedOptions = {}): Promise<boolean> {
  const tickets = opts.tickets ?? DEFAULT_DEMO_TICKETS;
  if (!Number.isSafeInteger(tickets) || tickets < 0 || tickets > MAX_DEMO_TICKETS) {
    throw new RangeError(`tickets must be a whole number from 0 to ${MAX_DEMO_TICKETS}`);
  }
  if (!(await isEmpty(database))) return false;
  const now = (opts.now ?? new Date()).getTime();
  let phaseStart = performance.now();
  const phaseEnds = (phase: SeedPhase) => {
    const at = performance.now();
    opts.onPhase?.(phase, Math.round(at - phaseStart));
    phaseStart = at;
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const hospital = demoHospital(now, passwordHash);
  const { rng, directory, world } = hospital;
  // On the embedded database a history loaded at once is generated in a thread of its own while this one writes
  // (history-thread.ts); elsewhere, here, chunk by chunk.
  const loader = demoHistory(hospital, now, tickets, opts.onProgress);
  const history: HistorySource =
    database.kind === 'pglite' && loader.total <= TICKETS_PER_TRANSACTION
      ? new HistoryInThread({ now, tickets, passwordHash }, loader.total, opts.onProgress)
      : loader;
  let counts: Record<string, number> = {};
  // Once the history is written: satisfaction surveys after its resolved tickets and the quarterly pulses (surveys
  // feature), the caller verifications of its credential tickets, then the one audit entry with every count.
  const finish = async (tx: Tx) => {
    phaseEnds('history');
    const ticketSurveys = await seedTicketSurveys(tx, rng.fork('surveys'), now);
    const pulses = await seedPulses(tx, rng.fork('pulses'), now);
    counts.surveyInvitations = ticketSurveys.surveyInvitations + pulses.surveyInvitations;
    counts.surveyResponses = ticketSurveys.surveyResponses + pulses.surveyResponses;
    // The identity checks behind its password resets and unlocks (verification feature).
    counts.verifications = await seedVerifications(tx, rng.fork('verifications'));
    // The go-live command center of the community hospital's go-live: event, zones, roster, issues (golive feature).
    counts.goLiveIssues = await seedGoLive(tx, now);
    // A past EHR downtime with its children, updates, recovery checklist and completed review (incidents features).
    const downtime = await seedDowntime(tx, now);
    counts.incidents = downtime.incidents;
    counts.incidentChildren = downtime.children;
    await audit(tx);
  };
  const audit = async (tx: Tx) => {
    const h = history.counts;
    await recordAudit(tx, meta, {
      action: 'demo.seed',
      summary: {
        ...counts,
        tickets: h.tickets,
        openTickets: h.open,
        ticketComments: h.comments,
        ticketHandoffs: h.handoffs,
        ticketActivity: h.activity,
        calls: h.calls,
        callTicketLinks: h.callLinks,
        historyEndsAt: new Date(now).toISOString(),
      },
    });
  };

  // The history's tickets go into their search indexes' pending lists, merged once at the end (gin-lists-store.ts).
  let seeded: boolean;
  try {
    seeded = await withLongGinLists(database, async () => {
      const loaded = await database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`select pg_advisory_xact_lock(${LOCK_KEY})`));
        if ((await countUsers(tx)) > 0) return false;
        counts = await writeDirectory(tx, directory);
        // The published demo password is no secret: a second step on these accounts would protect nothing and lock
        // newcomers and tests out. A hospital deletes or disables them (docs/identity.md, break-glass).
        await tx.execute(
          sql`update users set mfa_exempt_reason = ${DEMO_MFA_EXEMPTION} where password_hash is not null and role = 'admin'`,
        );
        counts.kbArticles = await seedKnowledge(tx, directory, now); // demo knowledge base (knowledge feature)
        counts.deskPhones = await seedDeskPhones(tx, directory.org.facilities);
        // The outsourcer's and the EHR vendor's contracts, before the SLA backfill gives the history its contract
        // clocks.
        counts.contracts = await seedContracts(tx, world.providers);
        phaseEnds('directory');
        // A history that fits this one transaction is loaded as a restore is: its tables' secondary indexes built once
        // at the end, foreign keys not checked row by row (bulk-load-store.ts; the generator's rows meet them, as
        // seed.test.ts checks). A larger one goes in several transactions, each leaving the tables as they must be.
        if (history.total <= TICKETS_PER_TRANSACTION) await loadInBulk(tx, HISTORY_TABLES, () => history.chunk(tx));
        else await history.chunk(tx);
        if (history.finished) await finish(tx);
        return true;
      });
      if (!loaded) return false;
      while (!history.finished) {
        await database.db.transaction(async (tx) => {
          await history.chunk(tx);
          if (history.finished) await finish(tx);
        });
      }
      return true;
    });
  } finally {
    await history.close?.();
  }
  if (!seeded) return false;
  phaseEnds('after-history');
  // Fresh statistics, so the first queries on a large history get good plans, the backfill's own first. Planned on
  // the empty tables' numbers, its batches read every hand-off of the history each time (at 1,000,000 tickets on
  // PostgreSQL: 933 clocks a second at a quarter of the way, 166 at four fifths).
  await database.query('analyze');
  phaseEnds('analyze');
  // SLA clocks for the history, rebuilt from what happened to each ticket.
  await backfillTicketSla({ database });
  await database.query('analyze ticket_sla');
  phaseEnds('sla-backfill');
  return true;
}
