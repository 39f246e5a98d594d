// The caller verifications behind the demo history's credential tickets: every ticket resolved "Password reset" or
// "Account unlocked" had its caller checked and the change recorded (a resolution with those codes needs it), judged
// by the verification feature's own rules under the default policy — high-risk accounts (prescribers, revenue cycle,
// IT) with two checks, a reset soon after others flagged — so the ticket pages and the audit of a newcomer's demo tell
// the same story as a live desk's.
import { sql } from 'drizzle-orm';
import type { ClinicalRole } from '../domain/vocabulary.ts';
import { credentialChangeOf } from '../features/tickets/rules/credential-resolution.ts';
import { RESOLUTION_CODES, type ResolutionCode } from '../features/tickets/rules/vocabulary.ts';
import { requirementFor, stateOf } from '../features/verification/rules/decide.ts';
import { DEFAULT_POLICY } from '../features/verification/rules/policy.ts';
import { assessRisk, type Subject, signalsOf } from '../features/verification/rules/risk.ts';
import { type Method, OUT_OF_BAND_METHODS } from '../features/verification/rules/vocabulary.ts';
import { type Queryable, rowsOf } from '../platform/db/connect.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { Batch, cols } from './writer.ts';

const VERIFICATION_COLUMNS = cols(`id:uuid ticket_id:uuid subject_person_id:uuid request:text risk_level:text
  risk_reasons:jsonb signals:text[] methods:text[] required:integer fast_path:boolean max_failures:integer
  valid_for_minutes:integer state:text verified_at:timestamptz changed_at:timestamptz changed_by:uuid
  started_by:uuid created_at:timestamptz`);
const ATTEMPT_COLUMNS = cols(`id:uuid verification_id:uuid method:text outcome:text phone:text
  confirmed_by_person_id:uuid id_kind:text note:text recorded_by:uuid at:timestamptz`);

const DAY_MS = 86_400_000;

type Row = {
  id: string;
  created_at: Date | string;
  resolved_at: Date | string;
  resolution_code: ResolutionCode;
  channel: string;
  patient_care_affected: boolean;
  agent_id: string;
  person_id: string;
  display_name: string;
  clinical_role: ClinicalRole;
  sensitive: boolean;
  manager_id: string | null;
  phones: string[] | null;
};

/** The checks an agent would have made, in the order a desk reaches for them. */
function checksFor(subject: Subject, methods: readonly Method[], required: number, inPerson: boolean): Method[] {
  const usable: Method[] = [];
  if (inPerson && methods.includes('in_person_badge')) usable.push('in_person_badge');
  if (subject.phones.length && methods.includes('callback_on_file')) usable.push('callback_on_file');
  if (subject.managerId && methods.includes('supervisor_confirmation')) usable.push('supervisor_confirmation');
  for (const m of ['in_person_badge', 'video_photo_id'] as const) {
    if (methods.includes(m) && !usable.includes(m)) usable.push(m);
  }
  return usable.filter((m) => OUT_OF_BAND_METHODS.includes(m)).slice(0, required);
}

/** The resolution codes that claim a credential change (tickets' rule). */
const CREDENTIAL_CODES = RESOLUTION_CODES.filter((c) => credentialChangeOf(c) !== null);

export async function seedVerifications(q: Queryable, rng: Rng): Promise<number> {
  const rows = rowsOf<Row>(
    await q.execute(sql`SELECT t.id, t.created_at, t.resolved_at, t.resolution_code, t.channel,
        t.patient_care_affected, coalesce(t.resolved_by_id, t.assignee_id) AS agent_id, p.id AS person_id,
        p.display_name, p.clinical_role, p.sensitive, p.manager_id, p.phones
      FROM tickets t JOIN people p ON p.id = t.requester_id
      WHERE t.resolution_code IN ${CREDENTIAL_CODES} AND t.resolved_at IS NOT NULL
        AND coalesce(t.resolved_by_id, t.assignee_id) IS NOT NULL
      ORDER BY t.resolved_at, t.id`),
  );
  const verifications = new Batch('verifications', VERIFICATION_COLUMNS);
  const attempts = new Batch('verification_attempts', ATTEMPT_COLUMNS);
  const changesOf = new Map<string, number[]>();
  for (const r of rows) {
    const request = credentialChangeOf(r.resolution_code)!; // the query keeps only the codes that claim a change
    const opened = new Date(r.created_at).getTime();
    const resolved = new Date(r.resolved_at).getTime();
    const at = (share: number) => new Date(opened + Math.round((resolved - opened) * share));
    const subject: Subject = {
      personId: r.person_id,
      displayName: r.display_name,
      clinicalRole: r.clinical_role,
      sensitive: r.sensitive,
      managerId: r.manager_id,
      phones: r.phones ?? [],
    };
    const startedAt = at(0.2);
    const earlier = changesOf.get(r.person_id) ?? [];
    const windowStart = startedAt.getTime() - DEFAULT_POLICY.recentResets.windowDays * DAY_MS;
    const signals = signalsOf(
      {
        callerNumber: null,
        phonesOnFile: subject.phones,
        newDevice: false,
        request,
        recentResets: earlier.filter((t) => t >= windowStart).length,
      },
      DEFAULT_POLICY,
    );
    const risk = assessRisk(DEFAULT_POLICY, subject, request, signals);
    const requirement = requirementFor(DEFAULT_POLICY, {
      subject,
      request,
      risk,
      urgentCare: r.patient_care_affected,
    });
    const inPerson = r.channel === 'walk_up' || r.channel === 'go_live';
    const checks = checksFor(subject, requirement.methods, requirement.required, inPerson);
    const passed = checks.map((method) => ({ method, outcome: 'passed' as const }));
    // A policy this demo cannot meet (no number, no supervisor, no badge method) is left out rather than faked.
    if (stateOf(requirement, passed, DEFAULT_POLICY.maxFailures) !== 'verified') continue;
    const t = rng.fork(r.id);
    const id = uuidAt(t, startedAt.getTime());
    const verifiedAt = at(0.5);
    const changedAt = at(0.8);
    verifications.push([
      id,
      r.id,
      r.person_id,
      request,
      risk.level,
      risk.reasons,
      signals,
      requirement.methods,
      requirement.required,
      requirement.fastPath,
      DEFAULT_POLICY.maxFailures,
      DEFAULT_POLICY.validForMinutes,
      'verified',
      verifiedAt,
      changedAt,
      r.agent_id,
      r.agent_id,
      startedAt,
    ]);
    checks.forEach((method, i) => {
      const when = new Date(
        startedAt.getTime() + ((verifiedAt.getTime() - startedAt.getTime()) * (i + 1)) / checks.length,
      );
      attempts.push([
        uuidAt(t, when.getTime()),
        id,
        method,
        'passed',
        method === 'callback_on_file' ? t.pick(subject.phones) : null,
        method === 'supervisor_confirmation' ? subject.managerId : null,
        method === 'video_photo_id' ? 'Hospital badge' : null,
        null,
        r.agent_id,
        when,
      ]);
    });
    changesOf.set(r.person_id, [...earlier, changedAt.getTime()]);
    if (verifications.size >= 5000) await verifications.flush(q);
    if (attempts.size >= 5000) {
      await verifications.flush(q);
      await attempts.flush(q);
    }
  }
  await verifications.flush(q);
  await attempts.flush(q);
  return verifications.written;
}
