// The pulse survey: "How satisfied are you with IT support?" to a seeded random sample of clinicians per role group
// (and facility), each attributed to the providers that served them in the period, so a hospital can follow it
// across providers and before and after a go-live. People without a portal account get single-use links.
import { sql } from 'drizzle-orm';
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { randomToken, sha256 } from '../../../platform/auth/secrets.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type Queryable, rowsOf } from '../../../platform/db/connect.ts';
import { Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findFacility } from '../../directory/service.ts';
import { ROLE_GROUPS, roleGroupOf, samplePulse } from '../rules.ts';
import type { PulseInput } from '../schemas.ts';
import { surveyInvitations, surveyPulses } from '../tables.ts';
import { surveyPath } from './links.ts';

const DAY_MS = 86_400_000;

type Candidate = {
  personId: string;
  clinicalRole: string | null;
  facilityId: string | null;
  unitId: string | null;
  userId: string | null;
  displayName: string;
};

/** Clinicians who could be asked: active, not vendor staff, not IT, with no survey still waiting for them. */
async function candidates(tx: Queryable, facilityId: string | undefined, now: Date): Promise<Candidate[]> {
  const res = await tx.execute(sql`SELECT p.id, p.clinical_role, p.facility_id, p.unit_id, p.user_id, p.display_name
      FROM people p
     WHERE p.active AND p.provider_org_id IS NULL AND p.clinical_role <> 'it'
       AND (${facilityId ?? null}::uuid IS NULL OR p.facility_id = ${facilityId ?? null}::uuid)
       AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.person_id = p.id AND i.responded_at IS NULL
                         AND i.expires_at > ${now.toISOString()}::timestamptz)`);
  return rowsOf<Record<string, string | null>>(res).map((r) => ({
    personId: r.id!,
    clinicalRole: r.clinical_role ?? null,
    facilityId: r.facility_id ?? null,
    unitId: r.unit_id ?? null,
    userId: r.user_id ?? null,
    displayName: r.display_name ?? '',
  }));
}

/** The providers that held each person's tickets opened in the period. */
async function providersServing(tx: Queryable, personIds: string[], from: Date, to: Date) {
  if (!personIds.length) return new Map<string, string[]>();
  const res = await tx.execute(sql`SELECT t.requester_id, array_agg(DISTINCT p)::text[] AS providers
      FROM tickets t CROSS JOIN LATERAL unnest(t.provider_ids) AS p
     WHERE t.requester_id = ANY(${`{${personIds.join(',')}}`}::uuid[])
       AND t.created_at >= ${from.toISOString()}::timestamptz AND t.created_at < ${to.toISOString()}::timestamptz
     GROUP BY t.requester_id`);
  return new Map(rowsOf<{ requester_id: string; providers: string[] }>(res).map((r) => [r.requester_id, r.providers]));
}

export async function runPulse(ctx: AppContext, meta: RequestMeta, input: PulseInput) {
  return ctx.database.db.transaction(async (tx) => {
    if (input.facilityId && !(await findFacility(tx, input.facilityId))) {
      throw new Invalid('No such facility.', [{ field: 'body.facilityId', message: 'is not a known facility' }]);
    }
    const now = new Date();
    const id = newId();
    const periodFrom = new Date(now.getTime() - input.periodDays * DAY_MS);
    const expiresAt = new Date(now.getTime() + input.expiresAfterDays * DAY_MS);
    const chosen = samplePulse(await candidates(tx, input.facilityId, now), input.sample, id);
    const served = await providersServing(
      tx,
      chosen.map((c) => c.personId),
      periodFrom,
      now,
    );
    const sample = Object.fromEntries(Object.entries(input.sample).filter(([, n]) => (n ?? 0) > 0)) as Record<
      string,
      number
    >;
    await tx.insert(surveyPulses).values({
      id,
      name: input.name,
      facilityId: input.facilityId ?? null,
      sample,
      periodFrom,
      periodTo: now,
      expiresAt,
      invited: chosen.length,
      runBy: meta.actor?.userId ?? null,
    });
    const links: { personId: string; displayName: string; url: string }[] = [];
    const rows = chosen.map((c) => {
      const token = c.userId ? null : randomToken();
      if (token) links.push({ personId: c.personId, displayName: c.displayName, url: surveyPath(token) });
      return {
        id: newId(),
        kind: 'pulse',
        pulseId: id,
        personId: c.personId,
        channel: token ? 'link' : 'portal',
        tokenHash: token ? sha256(token) : null,
        createdAt: now,
        availableAt: now,
        expiresAt,
        facilityId: c.facilityId,
        unitId: c.unitId,
        clinicalRole: c.clinicalRole,
        providerIds: served.get(c.personId) ?? [],
      };
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(surveyInvitations).values(rows.slice(i, i + 500));
    const byGroup = Object.fromEntries(
      ROLE_GROUPS.map((g) => [g, chosen.filter((c) => roleGroupOf(c.clinicalRole) === g).length]),
    );
    await recordAudit(tx, meta, {
      action: 'survey.pulse_run',
      targetType: 'survey_pulse',
      targetId: id,
      summary: {
        name: input.name,
        facilityId: input.facilityId ?? null,
        sample,
        invited: chosen.length,
        links: links.length,
      },
    });
    return {
      id,
      name: input.name,
      facilityId: input.facilityId ?? null,
      sample,
      invited: chosen.length,
      answered: 0,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      byGroup,
      links,
    };
  });
}

export async function listPulses(ctx: AppContext) {
  const res = await ctx.database.db.execute(sql`SELECT p.*,
      (SELECT count(*) FROM survey_invitations i WHERE i.pulse_id = p.id AND i.responded_at IS NOT NULL) AS answered
    FROM survey_pulses p ORDER BY p.created_at DESC LIMIT 100`);
  return {
    pulses: rowsOf<Record<string, unknown>>(res).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      facilityId: (r.facility_id as string | null) ?? null,
      sample: r.sample as Record<string, number>,
      invited: Number(r.invited),
      answered: Number(r.answered),
      createdAt: new Date(r.created_at as string).toISOString(),
      expiresAt: new Date(r.expires_at as string).toISOString(),
    })),
  };
}
