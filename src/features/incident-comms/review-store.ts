// SQL for the post-incident review: the review and its actions (with people's names), and the facts its impact is
// computed from (linked tickets, their calls, the affected units and the clinicians who work on them).
import { and, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { CLINICIAN_ROLES } from './rules/review.ts';
import { incidentReviewActions, incidentReviews } from './tables.ts';

export type ReviewRow = typeof incidentReviews.$inferSelect;
export type ReviewActionRow = typeof incidentReviewActions.$inferSelect;
type Person = { id: string; displayName: string } | null;

export async function findReview(db: Queryable, incidentId: string, forUpdate = false) {
  const q = db.select().from(incidentReviews).where(eq(incidentReviews.incidentId, incidentId));
  return (forUpdate ? await q.for('update') : await q)[0];
}

/** Inserts the review unless the incident has one already (two people starting it at once): false then. */
export async function insertReview(tx: Queryable, row: typeof incidentReviews.$inferInsert): Promise<boolean> {
  const res = await tx
    .insert(incidentReviews)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: incidentReviews.incidentId });
  return res.length > 0;
}

export async function saveReview(tx: Queryable, incidentId: string, set: Partial<typeof incidentReviews.$inferInsert>) {
  await tx
    .update(incidentReviews)
    .set({ ...set, updatedAt: new Date(), version: sql`${incidentReviews.version} + 1` })
    .where(eq(incidentReviews.incidentId, incidentId));
}

export async function findAction(tx: Queryable, incidentId: string, id: string): Promise<ReviewActionRow | undefined> {
  return (
    await tx
      .select()
      .from(incidentReviewActions)
      .where(and(eq(incidentReviewActions.incidentId, incidentId), eq(incidentReviewActions.id, id)))
      .for('update')
  )[0];
}

export async function insertAction(tx: Queryable, row: Omit<typeof incidentReviewActions.$inferInsert, 'position'>) {
  await tx.execute(sql`INSERT INTO ${incidentReviewActions} (id, incident_id, title, owner_id, due_on, position)
    SELECT ${row.id}, ${row.incidentId}, ${row.title}, ${row.ownerId ?? null}, ${row.dueOn ?? null}::date,
           coalesce(max(position) + 1, 0)
      FROM ${incidentReviewActions} WHERE incident_id = ${row.incidentId}`);
}

export async function saveAction(
  tx: Queryable,
  id: string,
  set: Partial<Pick<ReviewActionRow, 'title' | 'ownerId' | 'dueOn' | 'doneAt' | 'doneBy'>>,
) {
  await tx.update(incidentReviewActions).set(set).where(eq(incidentReviewActions.id, id));
}

export type ReviewActionView = {
  id: string;
  title: string;
  owner: Person;
  dueOn: string | null;
  doneAt: Date | null;
  doneBy: Person;
};

const person = (id: unknown, name: unknown): Person =>
  id ? { id: id as string, displayName: (name as string | null) ?? '' } : null;

export async function actionsOf(db: Queryable, incidentId: string): Promise<ReviewActionView[]> {
  const res = await db.execute(sql`
    SELECT a.id, a.title, a.owner_id, o.display_name AS owner_name, a.due_on::text AS due_on, a.done_at, a.done_by,
           d.display_name AS done_by_name
      FROM ${incidentReviewActions} a
      LEFT JOIN users o ON o.id = a.owner_id
      LEFT JOIN users d ON d.id = a.done_by
     WHERE a.incident_id = ${incidentId}
     ORDER BY a.position`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: r.id as string,
    title: r.title as string,
    owner: person(r.owner_id, r.owner_name),
    dueOn: (r.due_on as string | null) ?? null,
    doneAt: r.done_at ? new Date(r.done_at as string) : null,
    doneBy: person(r.done_by, r.done_by_name),
  }));
}

/** Display names of accounts by id. */
export async function namesOf(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute(
    sql`SELECT id::text, display_name FROM users WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Map(rowsOf<{ id: string; display_name: string }>(res).map((r) => [r.id, r.display_name]));
}

/** The desk's calendar day (its first facility's time zone, as the wallboard reads it). */
export async function deskToday(db: Queryable): Promise<string> {
  const res = await db.execute(sql`SELECT (now() AT TIME ZONE coalesce(
      (SELECT time_zone FROM facilities ORDER BY code LIMIT 1), 'UTC'))::date::text AS today`);
  return rowsOf<{ today: string }>(res)[0]!.today;
}

export type ImpactData = {
  childTickets: number;
  patientCareAffected: number;
  calls: number;
  unitNames: string[];
  units: number;
  clinicians: number;
};

/**
 * The facts the impact is computed from: linked tickets, those flagged "patient care affected", the distinct calls
 * tied to them, the affected units (the incident's, or else its linked tickets' units) and the active clinicians
 * on those units.
 */
export async function impactData(db: Queryable, incidentId: string, incidentUnitIds: string[]): Promise<ImpactData> {
  const kids = sql`SELECT t.id, t.unit_id, t.patient_care_affected FROM incident_tickets it
      JOIN tickets t ON t.id = it.ticket_id WHERE it.incident_id = ${incidentId} AND it.status = 'linked'`;
  const [counts] = rowsOf<{ children: number; care: number; calls: number; units: string[] }>(
    await db.execute(sql`WITH kids AS (${kids})
      SELECT (SELECT count(*) FROM kids)::int AS children,
             (SELECT count(*) FROM kids WHERE patient_care_affected)::int AS care,
             (SELECT count(DISTINCT ct.contact_id) FROM contact_tickets ct JOIN kids k ON k.id = ct.ticket_id)::int AS calls,
             ARRAY(SELECT DISTINCT unit_id::text FROM kids WHERE unit_id IS NOT NULL) AS units`),
  );
  const unitIds = incidentUnitIds.length > 0 ? incidentUnitIds : (counts?.units ?? []);
  let unitNames: string[] = [];
  let clinicians = 0;
  if (unitIds.length > 0) {
    const ids = `{${unitIds.join(',')}}`;
    const [u] = rowsOf<{ names: string[]; clinicians: number }>(
      await db.execute(sql`SELECT
          ARRAY(SELECT name FROM units WHERE id = ANY(${ids}::uuid[]) ORDER BY name) AS names,
          (SELECT count(*) FROM people WHERE active AND unit_id = ANY(${ids}::uuid[])
              AND clinical_role IN (${literals([...CLINICIAN_ROLES])}))::int AS clinicians`),
    );
    unitNames = u?.names ?? [];
    clinicians = u?.clinicians ?? 0;
  }
  return {
    childTickets: counts?.children ?? 0,
    patientCareAffected: counts?.care ?? 0,
    calls: counts?.calls ?? 0,
    unitNames,
    units: unitIds.length,
    clinicians,
  };
}
