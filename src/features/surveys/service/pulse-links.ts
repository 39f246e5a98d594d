// Links for the people a pulse asked who have no portal account, so a manager can send them by SMS, chat or on paper.
// Shown once: a link is a bearer credential and only its hash is stored, so it can be issued (each issue audited,
// naming every invitation whose link was read out) but never read back; a lost link is replaced, which stops the
// earlier one. See docs/surveys.md, "Pulse links".
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { randomToken, sha256 } from '../../../platform/auth/secrets.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { findPulse, pulseLinkRecipients, setTokenHashes } from '../pulse-store.ts';
import { invitationState } from '../rules.ts';
import type { PulseLinksInput, PulseLinksResult, PulseRecipientsView } from '../schemas.ts';
import { surveyPath } from './links.ts';

const noSuchPulse = () => new NotFound('There is no such pulse survey.');

/** Who has no portal account, whether each has answered and whether a link was given out: never the links. */
export async function pulseRecipients(ctx: AppContext, pulseId: string): Promise<PulseRecipientsView> {
  const db = ctx.database.db;
  const pulse = await findPulse(db, pulseId);
  if (!pulse) throw noSuchPulse();
  const now = new Date();
  return {
    pulseId: pulse.id,
    name: pulse.name,
    expiresAt: pulse.expiresAt.toISOString(),
    recipients: (await pulseLinkRecipients(db, pulseId)).map((r) => ({
      invitationId: r.invitationId,
      displayName: r.displayName,
      clinicalRole: r.clinicalRole,
      unit: r.unit,
      facility: r.facility,
      state: invitationState(r, now),
      linkIssued: r.linkIssued,
    })),
  };
}

/**
 * Issues single-use links to the pulse's recipients without an account who can still answer: those with no link yet,
 * or (replaceIssued) all of them, or only the invitations named. One transaction with its audit entry.
 */
export async function issuePulseLinks(
  ctx: AppContext,
  meta: RequestMeta,
  pulseId: string,
  input: PulseLinksInput,
): Promise<PulseLinksResult> {
  return ctx.database.db.transaction(async (tx) => {
    const pulse = await findPulse(tx, pulseId);
    if (!pulse) throw noSuchPulse();
    const rows = await pulseLinkRecipients(tx, pulseId, { invitationIds: input.invitationIds, forUpdate: true });
    if (input.invitationIds) {
      const found = new Set(rows.map((r) => r.invitationId));
      const strangers = input.invitationIds.filter((id) => !found.has(id));
      if (strangers.length) {
        throw new Invalid('Some of these people were not asked by link in this pulse.', [
          {
            field: 'body.invitationIds',
            message: `${strangers.length} are not this pulse's recipients without an account`,
          },
        ]);
      }
    }
    const now = new Date();
    const skipped = { alreadyIssued: 0, answered: 0, expired: 0 };
    const issued: ((typeof rows)[number] & { token: string })[] = [];
    for (const r of rows) {
      const state = invitationState(r, now);
      if (state === 'answered') skipped.answered++;
      else if (state === 'expired') skipped.expired++;
      else if (r.linkIssued && !input.replaceIssued) skipped.alreadyIssued++;
      else issued.push({ ...r, token: randomToken() });
    }
    await setTokenHashes(
      tx,
      issued.map((r) => ({ invitationId: r.invitationId, tokenHash: sha256(r.token) })),
    );
    // Reading links out is what a thief would do: every read names the invitations whose links it gave.
    await recordAudit(tx, meta, {
      action: 'survey.pulse_links',
      targetType: 'survey_pulse',
      targetId: pulse.id,
      summary: {
        issued: issued.length,
        replaced: issued.filter((r) => r.linkIssued).length,
        skipped,
        invitationIds: issued.map((r) => r.invitationId),
      },
    });
    return {
      pulseId: pulse.id,
      name: pulse.name,
      expiresAt: pulse.expiresAt.toISOString(),
      links: issued.map((r) => ({
        invitationId: r.invitationId,
        displayName: r.displayName,
        clinicalRole: r.clinicalRole,
        unit: r.unit,
        facility: r.facility,
        url: surveyPath(r.token),
      })),
      skipped,
    };
  });
}
