// The hot store queries' SQL as the code builds it, committed as reviewed snapshots in docs/sql/ (as Immich commits
// its repositories' generated SQL), so a change to one of these queries shows in review as a change to its .sql file.
// `npm run sql:snapshots` (scripts/sql-snapshots.ts) writes them; test/sql-snapshots.test.ts fails when they differ
// from what the code builds now.
//
// No database: the store functions run against Drizzle's node-postgres driver (the PostgreSQL dialect, as in
// production on a PostgreSQL server; PGlite gets the same text) over a client that records each statement's text and
// answers with no rows. Inputs are fixed, so the text is too; parameter values stay out ($1, $2…).
import fs from 'node:fs';
import path from 'node:path';
import { contextRows } from '../src/features/directory/context-store.ts';
import { ticketCounts } from '../src/features/reports/ticket-counts-store.ts';
import { DEFAULT_ROUTING } from '../src/features/routing/rules/route.ts';
import { agentsPerState, lineCountsPerPeriod, waitingPerLine } from '../src/features/routing/wallboard-store.ts';
import { claimDue, type NewTicketSlaRow, upsertTicketSla } from '../src/features/sla/store.ts';
import { countViews, listTickets } from '../src/features/tickets/queue-store.ts';
import type { Viewer } from '../src/features/tickets/rules/visibility.ts';
import { findTicketPageByNumber, insertTicket } from '../src/features/tickets/store.ts';
import type { Db } from '../src/platform/db/connect.ts';
import { type Answer, recordingDb } from './recording-db.ts';

export const SNAPSHOT_DIR = path.resolve(import.meta.dirname, '..', 'docs', 'sql');

type Step = {
  label: string;
  run: (db: Db) => Promise<unknown>;
  /** Rows to answer a statement with, to take the path under review (no rows otherwise). */
  answer?: Answer;
};
type Snapshot = { name: string; about: string; steps: Step[] };

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const NOW = new Date('2026-03-02T15:30:00Z');
const PAGE = { limit: 50, offset: 0 };
/** A year of whole months in America/Chicago. */
const YEAR = { from: new Date('2025-03-01T06:00:00Z'), to: new Date('2026-03-01T06:00:00Z') };
/** The matches' count and the ranked page's ids, so a search goes on to read its page. */
const pageOfMatches = (text: string) =>
  text.includes('WITH matches') ? [{ total: 2, ids: [id(30), id(31)] }] : undefined;
/**
 * The count stopped at the search's cap (1,000) with its matches in `share` of the table's pages: a common word's
 * window is read newest first, a rarer word's from every match (readsEveryMatch); then its page.
 */
const matchesAtCap =
  (share: number) =>
  (text: string): Record<string, unknown>[] | undefined =>
    text.includes('SELECT total')
      ? [{ total: 1000, ids: null, pages: [0, Math.round(7_000 * share) - 1], size: { pages: 7_000, perPage: 14 } }]
      : text.includes('SELECT ARRAY(SELECT id FROM (') || text.includes('AS ids')
        ? [{ ids: [id(30), id(31)] }]
        : undefined;
const AGENT: Viewer = {
  userId: id(1),
  role: 'agent',
  personId: id(2),
  unitId: null,
  superUser: false,
  providerOrgId: null,
};
/** A vendor's engineer: sees the tickets its provider holds or held, and searches the masked text (no PHI). */
const VENDOR: Viewer = {
  userId: id(3),
  role: 'vendor',
  personId: null,
  unitId: null,
  superUser: false,
  providerOrgId: id(9),
};

/** An SLA row as syncTicketSla writes it under a policy (sla/service.ts): every column, so the upsert sets all. */
const SLA_ROW: NewTicketSlaRow = {
  ticketId: id(10),
  priority: 2,
  timeline: [],
  computedAt: NOW,
  policyId: id(20),
  policyName: 'Standard',
  calendarId: id(21),
  timeZone: 'America/Chicago',
  responseTargetMs: 3_600_000,
  resolutionTargetMs: 28_800_000,
  responseState: 'running',
  resolutionState: 'running',
  responseElapsedMs: 0,
  resolutionElapsedMs: 0,
  responseDueAt: NOW,
  resolutionDueAt: NOW,
  responseBreachedAt: null,
  resolutionBreachedAt: null,
  atRisk: false,
  breached: false,
  responseAtRiskNotified: false,
  responseBreachNotified: false,
  resolutionAtRiskNotified: false,
  resolutionBreachNotified: false,
  elapsedByHolder: {},
  nextCheckAt: NOW,
};

/** The hot queries, one file each: what they are for, and the store calls that send them. */
export const SNAPSHOTS: Snapshot[] = [
  {
    name: 'ticket-queue',
    about: 'The desk\'s queue: an agent\'s "All open" view, most urgent first, and the view counts beside it.',
    steps: [
      {
        label: 'listTickets (tickets/queue-store.ts)',
        run: (db) => listTickets(db, { view: 'all_open' }, AGENT, PAGE),
        // A page with a row carries its count, so nothing is counted apart.
        answer: (text) => (text.includes(') AS total FROM') ? [{ r: { id: id(30) }, total: 1 }] : undefined),
      },
      {
        label: 'countViews (tickets/queue-store.ts)',
        run: (db) =>
          countViews(
            db,
            ['my_open', 'unassigned_urgent_clinical', 'pending_vendor', 'sla_at_risk', 'my_requests'],
            AGENT,
          ),
      },
    ],
  },
  {
    name: 'ticket-search',
    about:
      "Ticket search, ranked by relevance among the most recent matches: an agent, a vendor's engineer (masked text), and an agent's search for a word so common that counting stops at the cap.",
    steps: [
      {
        label: 'listTickets, an agent (tickets/queue-store.ts)',
        run: (db) => listTickets(db, { q: 'printer jam' }, AGENT, PAGE),
        answer: pageOfMatches,
      },
      {
        label: "listTickets, a vendor's engineer (tickets/queue-store.ts)",
        run: (db) => listTickets(db, { q: 'printer jam' }, VENDOR, PAGE),
        answer: pageOfMatches,
      },
      {
        label: 'listTickets, an agent, a word in 10,000 of 100,000 tickets (tickets/queue-store.ts)',
        run: (db) => listTickets(db, { q: 'order' }, AGENT, PAGE),
        answer: matchesAtCap(0.1),
      },
      {
        label: 'listTickets, an agent, a word in 2,500 of 100,000 tickets (tickets/queue-store.ts)',
        run: (db) => listTickets(db, { q: 'printer' }, AGENT, PAGE),
        answer: matchesAtCap(0.4),
      },
    ],
  },
  {
    name: 'ticket-open',
    about:
      "Opening a ticket: its clinical context read in one statement, the ticket row written with its first activity row, and its SLA row (in the open's transaction).",
    steps: [
      {
        label: 'contextRows (directory/context-store.ts)',
        run: (db) =>
          contextRows(db, {
            facilityId: id(6),
            unitId: id(5),
            locationId: null,
            assetTag: null,
            serviceIds: [id(7)],
            requesterId: id(4),
            matrixKey: 'priority_matrix',
          }),
      },
      {
        label: 'insertTicket (tickets/store.ts)',
        answer: () => [{}],
        run: (db) =>
          // The columns openTicketTx gives (tickets/service/open-ticket.ts); the rest take their defaults.
          insertTicket(
            db,
            {
              id: id(10),
              type: 'incident',
              channel: 'phone',
              status: 'in_progress',
              summary: 'Wristband printer prints blank bands',
              description: 'Every band comes out blank since this morning.',
              requesterId: id(4),
              openedByUserId: id(1),
              facilityId: id(6),
              unitId: id(5),
              locationId: null,
              locationText: null,
              assetId: null,
              assetTag: null,
              deviceType: 'wristband_printer',
              serviceId: id(7),
              moduleId: null,
              errorText: null,
              patientCareAffected: true,
              scope: 'me',
              workaroundAvailable: false,
              patientSafety: false,
              safetyReportRef: null,
              impact: 2,
              urgency: 1,
              priority: 2,
              priorityReason: 'impact 2 × urgency 1',
              tier: 'tier1',
              groupId: id(8),
              providerId: id(9),
              providerIds: [id(9)],
              assigneeId: id(1),
              resolutionCode: null,
              resolutionNote: null,
              resolvedById: null,
              resolvedAt: null,
              firstResponseAt: NOW,
            },
            { actorId: id(1), data: { channel: 'phone', priority: 2 } },
          ),
      },
      {
        label: 'upsertTicketSla (sla/store.ts)',
        run: (db) => upsertTicketSla(db, SLA_ROW),
      },
    ],
  },
  {
    name: 'ticket-page',
    about:
      "Opening a ticket's page: the ticket by its number, everything the page shows and the reader's person, in one statement (then the read's audit row).",
    steps: [
      {
        label: 'findTicketPageByNumber (tickets/store.ts)',
        run: (db) => findTicketPageByNumber(db, 1042, id(1)),
      },
    ],
  },
  {
    name: 'sla-sweep',
    about: "The SLA sweep: claim the rows whose next look is due (other instances' rows skipped), write them back.",
    steps: [
      { label: 'claimDue (sla/store.ts)', run: (db) => claimDue(db, NOW, 200) },
      {
        label: 'upsertTicketSla (sla/store.ts)',
        run: (db) => upsertTicketSla(db, SLA_ROW),
      },
    ],
  },
  {
    name: 'report-aggregate',
    about:
      "A ticket report by facility over a year: whole months from the monthly rollup, or for one unit from the dimensions' monthly rollup, or by week from the daily rollup, or from the per-ticket facts when a filter neither rollup keeps is set.",
    steps: [
      {
        label: 'ticketCounts, whole months (reports/ticket-counts-store.ts)',
        run: (db) => ticketCounts(db, YEAR, 'facility', 'month', 'America/Chicago', NOW),
        answer: wholeYear,
      },
      {
        label: 'ticketCounts, one unit, whole months (reports/ticket-counts-store.ts)',
        run: (db) => ticketCounts(db, { ...YEAR, unitId: id(5) }, 'facility', 'month', 'America/Chicago', NOW),
        answer: wholeYear,
      },
      {
        label: 'ticketCounts, by week, whole days (reports/ticket-counts-store.ts)',
        run: (db) => ticketCounts(db, YEAR, 'period', 'week', 'America/Chicago', NOW),
        answer: (text) =>
          text.includes('FROM report_refresh')
            ? [{ tz: 'America/Chicago' }]
            : text.includes('d0::date AS first')
              ? [
                  {
                    first: '2025-03-01',
                    first_starts: YEAR.from.toISOString(),
                    end: '2026-03-01',
                    end_starts: YEAR.to.toISOString(),
                    next: '2026-03-02',
                    next_starts: '2026-03-02T06:00:00.000Z',
                  },
                ]
              : undefined,
      },
      {
        label: 'ticketCounts, one unit and one channel (reports/ticket-counts-store.ts)',
        run: (db) =>
          ticketCounts(db, { ...YEAR, unitId: id(5), channel: 'phone' }, 'facility', 'month', 'America/Chicago', NOW),
      },
    ],
  },
  {
    name: 'wallboard',
    about:
      "The wallboard: who waits per line, agents per state, and each line's counts for today, yesterday, the week.",
    steps: [
      { label: 'waitingPerLine (routing/wallboard-store.ts)', run: (db) => waitingPerLine(db) },
      { label: 'agentsPerState (routing/wallboard-store.ts)', run: (db) => agentsPerState(db) },
      {
        label: 'lineCountsPerPeriod (routing/wallboard-store.ts)',
        run: (db) =>
          lineCountsPerPeriod(
            db,
            [
              { key: 'yesterday', from: new Date('2026-03-01T06:00:00Z'), to: new Date('2026-03-02T06:00:00Z') },
              { key: 'week', from: new Date('2026-03-02T06:00:00Z'), to: null },
            ],
            { provider: DEFAULT_ROUTING.lines.provider.targetMs, clinical: 30_000, general: 30_000 },
          ),
      },
    ],
  },
];

/** The rollups are kept in the report's time zone, and the range is whole months in it. */
function wholeYear(text: string): Record<string, unknown>[] | undefined {
  if (text.includes('FROM report_refresh')) return [{ tz: 'America/Chicago' }];
  if (!text.includes('generate_series')) return undefined;
  return [
    { month: '2025-03-01', starts: YEAR.from.toISOString() },
    { month: '2026-03-01', starts: YEAR.to.toISOString() },
  ];
}

/**
 * One line per clause, and one line per item of a select list, an ordering or a set list, for the one-line statements
 * Drizzle's builders make (raw SQL keeps its own lines). Only at the top level: never inside parentheses or quotes.
 */
export function layout(statement: string): string {
  if (statement.includes('\n')) return statement;
  const clause =
    /^(select|from|left join|inner join|where|group by|order by|limit|offset|for update|values|on conflict|returning)\b/i;
  const listed = /^(select|group by|order by|on conflict)/i;
  let out = '';
  let depth = 0;
  let quote: string | null = null;
  let current = clause.exec(statement)?.[1] ?? '';
  for (let i = 0; i < statement.length; i++) {
    const ch = statement[i]!;
    const top = !quote && depth === 0;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    const next = statement.slice(i + 1);
    if (top && ch === ' ' && clause.test(next)) {
      current = clause.exec(next)![1]!;
      out += '\n';
    } else if (top && ch === ',' && listed.test(current) && next.startsWith(' ')) {
      out += ',\n ';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Text as `--` comment lines of at most 120 characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '--';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > 120) {
      lines.push(line);
      line = '--';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** Each snapshot's file text, by file name. */
export async function buildSnapshots(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const s of SNAPSHOTS) {
    const parts = [
      ...comment(s.about),
      '-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,',
      '-- run the script and review this file with the code.',
    ];
    for (const step of s.steps) {
      const { db, sent } = recordingDb(step.answer);
      await step.run(db);
      sent.forEach((text, i) => {
        const label = sent.length > 1 ? `${step.label}, statement ${i + 1} of ${sent.length}` : step.label;
        parts.push('', `-- ${label}`, `${layout(text.trim())};`);
      });
    }
    files.set(`${s.name}.sql`, `${parts.join('\n')}\n`);
  }
  return files;
}

/** The committed snapshots, by file name. */
export function readSnapshots(dir = SNAPSHOT_DIR): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.sql'));
  return new Map(names.sort().map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
}
