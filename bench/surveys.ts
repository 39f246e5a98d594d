// Bench only: tops the demo's survey answers up to a target count, for the reports bench at size. The demo asks each
// requester at most once per 14 days (the default survey policy) and has 2,000 requesters, so a 1,000,000-ticket
// history holds only ~10,000 answers; issue 11 measures reports at 300,000. The added answers are ticket surveys
// about resolved tickets that were not asked, with scores and "solved on first contact?" drawn deterministically from
// the ticket id (lower when the ticket was reopened), answered 5 hours after resolution. Never used outside the bench.
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../src/platform/db/connect.ts';

export async function topUpSurveyAnswers(database: Database, target: number): Promise<{ demo: number; added: number }> {
  const count = async () =>
    Number(
      rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM survey_responses`))[0]!.n,
    );
  const demo = await count();
  const need = target - demo;
  if (need <= 0) return { demo, added: 0 };
  const h = (salt: string) => sql.raw(`abs(hashtext(t.id::text || '${salt}')) % 100`);
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      CREATE TEMP TABLE bench_pick ON COMMIT DROP AS
      SELECT gen_random_uuid() AS invitation_id, gen_random_uuid() AS response_id, t.id AS ticket_id, t.requester_id,
        t.resolved_at, t.provider_ids, coalesce(t.facility_id, p.facility_id) AS facility_id,
        coalesce(t.unit_id, p.unit_id) AS unit_id, p.clinical_role,
        CASE WHEN t.reopen_count > 0 THEN ${h('r')} / 4 ELSE ${h('s')} END AS draw, ${h('f')} AS fcr_draw
      FROM tickets t JOIN people p ON p.id = t.requester_id
      WHERE t.status IN ('resolved', 'closed') AND t.resolved_at < now() - interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.kind = 'ticket' AND i.ticket_id = t.id)
      ORDER BY ${h('o')}, t.id
      LIMIT ${need}`);
    await tx.execute(sql`
      INSERT INTO survey_invitations (id, kind, ticket_id, person_id, channel, created_at, available_at, expires_at,
        responded_at, facility_id, unit_id, clinical_role, provider_ids)
      SELECT invitation_id, 'ticket', ticket_id, requester_id, 'portal', resolved_at, resolved_at + interval '30 minutes',
        resolved_at + interval '14 days', resolved_at + interval '5 hours', facility_id, unit_id, clinical_role,
        provider_ids
      FROM bench_pick`);
    await tx.execute(sql`
      INSERT INTO survey_responses (id, invitation_id, kind, ticket_id, person_id, score, solved_first_contact, channel,
        responded_at, facility_id, unit_id, clinical_role, provider_ids)
      SELECT response_id, invitation_id, 'ticket', ticket_id, requester_id,
        CASE WHEN draw < 5 THEN 1 WHEN draw < 12 THEN 2 WHEN draw < 27 THEN 3 WHEN draw < 62 THEN 4 ELSE 5 END,
        CASE WHEN fcr_draw < 10 THEN NULL ELSE fcr_draw < 62 END, 'portal', resolved_at + interval '5 hours',
        facility_id, unit_id, clinical_role, provider_ids
      FROM bench_pick`);
  });
  return { demo, added: (await count()) - demo };
}
