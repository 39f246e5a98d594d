// The pulse survey: "How satisfied are you with IT support?" to a seeded random sample of clinicians per role group
// (and facility), each attributed to the providers that served them in the period, so a hospital can follow it
// across providers and before and after a go-live. People without a portal account are asked by link: the run
// records them, and a manager gets their links afterwards (pulse-links.ts), shown once.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findFacility } from '../../directory/service.ts';
import {
  insertPulse,
  insertPulseInvitations,
  latestPulses,
  providersServing,
  pulseCandidates,
} from '../pulse-store.ts';
import { ROLE_GROUPS, roleGroupOf, samplePulse } from '../rules.ts';
import type { PulseInput } from '../schemas.ts';
import type { NewInvitationRow } from '../store.ts';

const DAY_MS = 86_400_000;

export async function runPulse(ctx: AppContext, meta: RequestMeta, input: PulseInput) {
  return ctx.database.db.transaction(async (tx) => {
    if (input.facilityId && !(await findFacility(tx, input.facilityId))) {
      throw new Invalid('No such facility.', [{ field: 'body.facilityId', message: 'is not a known facility' }]);
    }
    const now = new Date();
    const id = newId();
    const periodFrom = new Date(now.getTime() - input.periodDays * DAY_MS);
    const expiresAt = new Date(now.getTime() + input.expiresAfterDays * DAY_MS);
    const chosen = samplePulse(await pulseCandidates(tx, input.facilityId, now), input.sample, id);
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
    await insertPulse(tx, {
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
    // No link yet for people without an account: a link is handed out once, when a manager asks for it.
    const withoutAccount = chosen.filter((c) => !c.userId).length;
    const rows = chosen.map((c) => {
      return {
        id: newId(),
        kind: 'pulse',
        pulseId: id,
        personId: c.personId,
        channel: c.userId ? 'portal' : 'link',
        tokenHash: null,
        createdAt: now,
        availableAt: now,
        expiresAt,
        facilityId: c.facilityId,
        unitId: c.unitId,
        clinicalRole: c.clinicalRole,
        providerIds: served.get(c.personId) ?? [],
      } satisfies NewInvitationRow;
    });
    await insertPulseInvitations(tx, rows);
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
        withoutAccount,
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
      withoutAccount,
    };
  });
}

export async function listPulses(ctx: AppContext) {
  return {
    pulses: (await latestPulses(ctx.database.db)).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      facilityId: (r.facility_id as string | null) ?? null,
      sample: r.sample as Record<string, number>,
      invited: Number(r.invited),
      answered: Number(r.answered),
      withoutAccount: Number(r.without_account),
      createdAt: new Date(r.created_at as string).toISOString(),
      expiresAt: new Date(r.expires_at as string).toISOString(),
    })),
  };
}
