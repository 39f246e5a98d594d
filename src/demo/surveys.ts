// The demo hospital's survey history: after each resolved ticket the survey policies decide as they would live
// (surveys/rules.ts), and the requester answers or not: about 15–30% answer, physicians least. Scores follow the
// ticket's history (csd_domain.md 2.2: FCR drives satisfaction; a repeat contact for the same issue costs 35–45%):
// first-contact resolutions score high, reopened tickets and vendor escalations low, and the go-live facility dips
// in the weeks after its go-live. Quarterly pulse surveys ask a sample of clinicians about IT support. Deterministic.
import { sql } from 'drizzle-orm';
import type { ClinicalRole } from '../domain/vocabulary.ts';
import {
  decideInvitation,
  roleGroupOf,
  type SolvedAnswer,
  type SurveyPolicy,
  sanitiseComment,
  solvedFirstContactOf,
} from '../features/surveys/rules.ts';
import { listPolicies } from '../features/surveys/store.ts';
import { FIRST_CONTACT_SQL } from '../features/tickets/fcr-store.ts';
import { type Queryable, rowsOf } from '../platform/db/connect.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { DAY_MS, GO_LIVE, goLiveStart, HOUR_MS } from './calendar.ts';
import { Batch, cols } from './writer.ts';

const PAGE = 20_000;
const ANSWER_RATE = { physicians: 0.14, advanced_practice: 0.2, nurses: 0.29, others: 0.25 } as const;
/** Score weights for 1..5 by what happened to the ticket. */
const SCORES = {
  firstContact: [1, 2, 6, 31, 60],
  resolved: [3, 6, 15, 40, 36],
  vendor: [10, 16, 30, 29, 15],
  reopened: [18, 22, 28, 22, 10],
} as const;
const COMMENTS: Record<'low' | 'mid' | 'high', string[]> = {
  low: [
    'Took far too long and I had to call back twice.',
    'Nobody told me it had gone to the vendor.',
    'Still not working properly on our unit.',
    'Had to use downtime forms for most of the shift.',
  ],
  mid: [
    'Fixed in the end, but I waited a while.',
    'OK, though I had to explain it twice.',
    'Workaround is fine for now.',
  ],
  high: [
    'Fixed while I was still on the phone. Thank you!',
    'Knew exactly what the screen was. Great help.',
    'Quick and friendly, back to my patients in minutes.',
    'The analyst really understood the clinical workflow.',
  ],
};

const INVITATION_COLUMNS = cols(`id:uuid kind:text ticket_id:uuid person_id:uuid policy_id:uuid pulse_id:uuid
  channel:text created_at:timestamptz available_at:timestamptz expires_at:timestamptz responded_at:timestamptz
  facility_id:uuid unit_id:uuid clinical_role:text provider_ids:uuid[]`);
const RESPONSE_COLUMNS = cols(`id:uuid invitation_id:uuid kind:text ticket_id:uuid person_id:uuid score:smallint
  solved_first_contact:boolean still_unsolved:boolean patient_care_affected:boolean comment:text channel:text
  responded_at:timestamptz facility_id:uuid unit_id:uuid clinical_role:text provider_ids:uuid[]`);

type Row = {
  id: string;
  created_at: string | Date;
  type: string;
  channel: string;
  service_id: string | null;
  module_id: string | null;
  provider_ids: string[];
  resolution_code: string | null;
  resolved_at: string | Date;
  requester_id: string;
  clinical_role: ClinicalRole | null;
  facility_id: string | null;
  facility_code: string | null;
  unit_id: string | null;
  patient_care_affected: boolean;
  fcr: boolean;
  reopened: boolean;
  vendor: boolean;
  duplicate: boolean;
};

export type SurveyCounts = { surveyInvitations: number; surveyResponses: number };

type Answer = {
  score: number;
  solved: SolvedAnswer;
  care: boolean;
  comment: string | null;
};

function answerFor(rng: Rng, r: Row, goLiveDip: boolean): Answer {
  const weights = r.reopened
    ? SCORES.reopened
    : r.vendor
      ? SCORES.vendor
      : r.fcr
        ? SCORES.firstContact
        : SCORES.resolved;
  let score = rng.weighted(weights.map((w, i) => [i + 1, w] as const));
  if (goLiveDip && score > 1 && rng.chance(0.35)) score--;
  const solved = r.fcr
    ? rng.weighted([
        ['first_contact', 86],
        ['later', 12],
        ['not_solved', 2],
      ] as const)
    : rng.weighted([
        ['first_contact', 18],
        ['later', 74],
        ['not_solved', r.reopened ? 10 : 4],
      ] as const);
  const care = r.patient_care_affected ? rng.chance(0.8) : rng.chance(0.06);
  const bucket = score <= 2 ? 'low' : score === 3 ? 'mid' : 'high';
  const comment = rng.chance(score <= 2 ? 0.45 : 0.15) ? sanitiseComment(rng.pick(COMMENTS[bucket])) : null;
  return { score, solved, care, comment };
}

async function page(q: Queryable, after: { at: string; id: string } | null): Promise<Row[]> {
  const res = await q.execute(sql`SELECT t.id, t.created_at, t.type, t.channel, t.service_id, t.module_id,
      t.provider_ids::text[] AS provider_ids, t.resolution_code, fr.at AS resolved_at, t.requester_id, p.clinical_role,
      coalesce(t.facility_id, p.facility_id) AS facility_id, f.code AS facility_code,
      coalesce(t.unit_id, p.unit_id) AS unit_id, t.patient_care_affected, ${FIRST_CONTACT_SQL} AS fcr,
      t.reopen_count > 0 AS reopened,
      EXISTS (SELECT 1 FROM ticket_handoffs h WHERE h.ticket_id = t.id AND h.to_tier = 'vendor') AS vendor,
      EXISTS (SELECT 1 FROM ticket_links l WHERE l.ticket_id = t.id AND l.kind = 'duplicate_of') AS duplicate
    FROM tickets t JOIN people p ON p.id = t.requester_id
    LEFT JOIN facilities f ON f.id = coalesce(t.facility_id, p.facility_id)
    CROSS JOIN LATERAL (SELECT coalesce(min(ra.at), t.resolved_at) AS at FROM ticket_activity ra
      WHERE ra.ticket_id = t.id AND ra.kind = 'resolved') fr
    WHERE t.status IN ('resolved','closed') AND fr.at IS NOT NULL
      AND (${after?.at ?? null}::timestamptz IS NULL OR (t.created_at, t.id) > (${after?.at ?? null}::timestamptz, ${after?.id ?? null}::uuid))
    ORDER BY t.created_at, t.id LIMIT ${PAGE}`);
  return rowsOf<Row>(res);
}

/** Writes the ticket surveys of the whole history, page by page in ticket order. */
export async function seedTicketSurveys(q: Queryable, rng: Rng, now: number): Promise<SurveyCounts> {
  const policies = (await listPolicies(q)) as SurveyPolicy[];
  const invitations = new Batch('survey_invitations', INVITATION_COLUMNS);
  const responses = new Batch('survey_responses', RESPONSE_COLUMNS);
  const lastAsked = new Map<string, Date>();
  const goLive = goLiveStart(now);
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows = await page(q, after);
    for (const r of rows) {
      const resolvedAt = new Date(r.resolved_at);
      const facts = {
        ticketId: r.id,
        type: r.type,
        channel: r.channel,
        serviceIds: [r.service_id, r.module_id].filter((x): x is string => x !== null),
        providerIds: r.provider_ids ?? [],
        clinicalRole: r.clinical_role,
        resolutionCode: r.resolution_code,
        resolvedAt,
        duplicate: r.duplicate,
        lastAskedAt: lastAsked.get(r.requester_id) ?? null,
      };
      // Decided as the consumer would have, at the moment of resolution.
      const d = decideInvitation(policies, facts, resolvedAt);
      if (!d.invite || d.availableAt.getTime() > now) continue;
      lastAsked.set(r.requester_id, d.availableAt);
      const t = rng.fork(r.id);
      const answers = t.chance(ANSWER_RATE[roleGroupOf(r.clinical_role)]);
      const respondedAt =
        d.availableAt.getTime() +
        Math.min(t.logNormal(5 * HOUR_MS, 1.2), d.expiresAt.getTime() - d.availableAt.getTime() - 1);
      const responded = answers && respondedAt < now;
      const invitationId = uuidAt(t, d.availableAt.getTime());
      const place = [r.facility_id, r.unit_id, r.clinical_role, facts.providerIds] as const;
      invitations.push([
        invitationId,
        'ticket',
        r.id,
        r.requester_id,
        d.policy.id,
        null,
        'portal',
        resolvedAt,
        d.availableAt,
        d.expiresAt,
        responded ? respondedAt : null,
        ...place,
      ]);
      if (responded) {
        const days = (resolvedAt.getTime() - goLive) / DAY_MS;
        const dip = r.facility_code === GO_LIVE.facility && days >= 0 && days < 60;
        const a = answerFor(t, r, dip);
        responses.push([
          uuidAt(t, respondedAt),
          invitationId,
          'ticket',
          r.id,
          r.requester_id,
          a.score,
          solvedFirstContactOf(a.solved),
          a.solved === 'not_solved',
          a.care,
          a.comment,
          'portal',
          respondedAt,
          ...place,
        ]);
      }
      if (invitations.size >= 5000) {
        await invitations.flush(q);
        await responses.flush(q);
      }
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = { at: new Date(last.created_at).toISOString(), id: last.id };
  }
  await invitations.flush(q);
  await responses.flush(q);
  return { surveyInvitations: invitations.written, surveyResponses: responses.written };
}

/** Pulse runs: days before the seed time. One falls a few weeks after the go-live. */
const PULSE_DAYS_AGO = [320, 230, GO_LIVE.daysAgo - 25, 40];
const PULSE_SAMPLE = { physicians: 60, advanced_practice: 25, nurses: 120, others: 80 } as const;
/** Pulse score weights by the kinds of provider that served the clinician in the quarter. */
const PULSE_SCORES = {
  none: [4, 8, 24, 42, 22],
  vendor: [10, 17, 30, 30, 13],
  outsourcer: [7, 13, 28, 36, 16],
} as const;

type Clinician = {
  id: string;
  clinical_role: string;
  facility_id: string | null;
  facility_code: string | null;
  unit_id: string | null;
};

export async function seedPulses(q: Queryable, rng: Rng, now: number): Promise<SurveyCounts> {
  const people = rowsOf<Clinician>(
    await q.execute(sql`SELECT p.id, p.clinical_role, p.facility_id, f.code AS facility_code, p.unit_id FROM people p
      LEFT JOIN facilities f ON f.id = p.facility_id
      WHERE p.active AND p.provider_org_id IS NULL AND p.clinical_role <> 'it' ORDER BY p.id`),
  );
  const kinds = new Map(
    rowsOf<{ id: string; kind: string }>(await q.execute(sql`SELECT id, kind FROM providers`)).map((p) => [
      p.id,
      p.kind,
    ]),
  );
  const invitations = new Batch('survey_invitations', INVITATION_COLUMNS);
  const responses = new Batch('survey_responses', RESPONSE_COLUMNS);
  const goLive = goLiveStart(now);
  for (const daysAgo of PULSE_DAYS_AGO) {
    const at = now - daysAgo * DAY_MS;
    const pulseId = uuidAt(rng, at);
    const p = rng.fork(`pulse-${daysAgo}`);
    const expiresAt = at + 14 * DAY_MS;
    const served = new Map(
      rowsOf<{ requester_id: string; providers: string[] }>(
        await q.execute(sql`SELECT t.requester_id, array_agg(DISTINCT pr)::text[] AS providers
          FROM tickets t CROSS JOIN LATERAL unnest(t.provider_ids) AS pr
          WHERE t.created_at >= ${new Date(at - 90 * DAY_MS).toISOString()}::timestamptz
            AND t.created_at < ${new Date(at).toISOString()}::timestamptz GROUP BY t.requester_id`),
      ).map((r) => [r.requester_id, r.providers]),
    );
    // A uniform random order (seeded); the first n of each role group are asked.
    const order = people.map((c) => ({ c, r: p.next() })).sort((a, b) => a.r - b.r);
    let invited = 0;
    const taken: Record<string, number> = {};
    for (const { c } of order) {
      const group = roleGroupOf(c.clinical_role);
      if ((taken[group] ?? 0) >= PULSE_SAMPLE[group]) continue;
      taken[group] = (taken[group] ?? 0) + 1;
      invited++;
      const providers = served.get(c.id) ?? [];
      const pk = providers.map((id) => kinds.get(id));
      const respondedAt = at + p.logNormal(20 * HOUR_MS, 1.1);
      const responded = p.chance(ANSWER_RATE[group]) && respondedAt < Math.min(now, expiresAt);
      const invitationId = uuidAt(p, at);
      const place = [c.facility_id, c.unit_id, c.clinical_role, providers] as const;
      invitations.push([
        invitationId,
        'pulse',
        null,
        c.id,
        null,
        pulseId,
        'portal',
        at,
        at,
        expiresAt,
        responded ? respondedAt : null,
        ...place,
      ]);
      if (!responded) continue;
      const weights = pk.includes('ehr_vendor')
        ? PULSE_SCORES.vendor
        : pk.includes('outsourcer')
          ? PULSE_SCORES.outsourcer
          : PULSE_SCORES.none;
      let score = p.weighted(weights.map((w, i) => [i + 1, w] as const));
      const afterGoLive = (at - goLive) / DAY_MS;
      if (c.facility_code === GO_LIVE.facility && afterGoLive >= 0 && afterGoLive < 60 && score > 1 && p.chance(0.4))
        score--;
      responses.push([
        uuidAt(p, respondedAt),
        invitationId,
        'pulse',
        null,
        c.id,
        score,
        null,
        false,
        null,
        null,
        'portal',
        respondedAt,
        ...place,
      ]);
    }
    await q.execute(sql`INSERT INTO survey_pulses (id, name, facility_id, sample, period_from, period_to, expires_at, invited, created_at)
      VALUES (${pulseId}::uuid, ${`IT support pulse ${new Date(at).toISOString().slice(0, 7)}`}, NULL,
        ${JSON.stringify(PULSE_SAMPLE)}::jsonb, ${new Date(at - 90 * DAY_MS).toISOString()}::timestamptz,
        ${new Date(at).toISOString()}::timestamptz, ${new Date(expiresAt).toISOString()}::timestamptz, ${invited},
        ${new Date(at).toISOString()}::timestamptz)`);
    await invitations.flush(q);
    await responses.flush(q);
  }
  return { surveyInvitations: invitations.written, surveyResponses: responses.written };
}
