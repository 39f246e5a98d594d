// SQL for the recovery checklist: its items with unit and people names, created from the template once per unit.
import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import type { PlannedItem, RecoveryItemKey } from './rules/checklist.ts';
import { incidentRecoveryItems } from './tables.ts';

export type RecoveryItemRow = typeof incidentRecoveryItems.$inferSelect;

/** Adds the items not there yet (a unit added later gets its items; existing ones are kept as they are). */
export async function insertItems(tx: Queryable, incidentId: string, items: (PlannedItem & { id: string })[]) {
  if (items.length === 0) return 0;
  const res = await tx
    .insert(incidentRecoveryItems)
    .values(
      items.map((i) => ({
        id: i.id,
        incidentId,
        unitId: i.unitId,
        itemKey: i.key,
        title: i.title,
        position: i.position,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: incidentRecoveryItems.id });
  return res.length;
}

export async function nextPosition(db: Queryable, incidentId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${incidentRecoveryItems.position}) + 1, 0)` })
    .from(incidentRecoveryItems)
    .where(eq(incidentRecoveryItems.incidentId, incidentId));
  return Number(row?.n ?? 0);
}

export async function findItem(db: Queryable, incidentId: string, id: string): Promise<RecoveryItemRow | undefined> {
  return (
    await db
      .select()
      .from(incidentRecoveryItems)
      .where(and(eq(incidentRecoveryItems.incidentId, incidentId), eq(incidentRecoveryItems.id, id)))
      .for('update')
  )[0];
}

export async function saveItem(
  tx: Queryable,
  id: string,
  set: Partial<Pick<RecoveryItemRow, 'assigneeId' | 'doneAt' | 'doneBy'>>,
): Promise<void> {
  await tx.update(incidentRecoveryItems).set(set).where(eq(incidentRecoveryItems.id, id));
}

export type RecoveryItemView = {
  id: string;
  unit: { id: string; name: string };
  key: RecoveryItemKey;
  title: string;
  assignee: { id: string; displayName: string } | null;
  doneAt: string | null;
  doneBy: { id: string; displayName: string } | null;
};

export async function itemsOf(db: Queryable, incidentId: string): Promise<RecoveryItemView[]> {
  const res = await db.execute(sql`
    SELECT r.id, r.unit_id, un.name AS unit_name, r.item_key, r.title, r.assignee_id, a.display_name AS assignee_name,
           r.done_at, r.done_by, d.display_name AS done_by_name
      FROM ${incidentRecoveryItems} r
      JOIN units un ON un.id = r.unit_id
      LEFT JOIN users a ON a.id = r.assignee_id
      LEFT JOIN users d ON d.id = r.done_by
     WHERE r.incident_id = ${incidentId}
     ORDER BY r.position`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: r.id as string,
    unit: { id: r.unit_id as string, name: r.unit_name as string },
    key: r.item_key as RecoveryItemKey,
    title: r.title as string,
    assignee: r.assignee_id ? { id: r.assignee_id as string, displayName: r.assignee_name as string } : null,
    doneAt: r.done_at ? new Date(r.done_at as string).toISOString() : null,
    doneBy: r.done_by ? { id: r.done_by as string, displayName: r.done_by_name as string } : null,
  }));
}

/** Units by id (the incident's, or those asked for), with their names; unknown ids are left out. */
export async function unitsByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  const res = await db.execute(sql`SELECT id, name FROM units WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
  const byId = new Map(rowsOf<{ id: string; name: string }>(res).map((u) => [u.id, u]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Who may be assigned an item: an active account of a person (desk staff, or a unit's leader or super-user). */
export async function isAssignable(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.execute(
    sql`SELECT 1 FROM users WHERE id = ${userId} AND disabled_at IS NULL
          AND role NOT IN (${literals<Role>(['integration', 'vendor'])})`,
  );
  return rowsOf(res).length > 0;
}
