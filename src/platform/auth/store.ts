// SQL for accounts, sessions, API tokens and sign-in throttling.
import { and, asc, count, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../db/connect.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { apiTokens, loginFailures, sessions, users } from '../db/schema.ts';
import type { Role } from './roles.ts';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export async function insertUser(db: Queryable, row: typeof users.$inferInsert): Promise<UserRow> {
  const rows = await db.insert(users).values(row).returning();
  return rows[0]!;
}

export async function listUsers(db: Queryable, limit: number, offset: number): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username)).limit(limit).offset(offset);
}

export async function listUsersOfRole(db: Queryable, role: Role): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.role, role)).orderBy(asc(users.username));
}

export async function countUsers(db: Queryable): Promise<number> {
  const rows = await db.select({ n: count() }).from(users);
  return Number(rows[0]?.n ?? 0);
}

// Sessions -------------------------------------------------------------------

export async function insertSession(db: Queryable, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

/** The live session and its account. Written as SQL text, as every signed-in request reads it (json-rows.ts). */
export async function findLiveSession(db: Queryable, idHash: string) {
  const res = await db.execute(sql`
    SELECT to_jsonb(s) AS session, to_jsonb(u) AS "user"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = ${idHash} AND s.ended_at IS NULL AND s.expires_at > now() LIMIT 1`);
  const [row] = rowsOf<{ session: Record<string, unknown>; user: Record<string, unknown> }>(res);
  return row ? { session: rowFromJson(sessions, row.session), user: rowFromJson(users, row.user) } : undefined;
}

export async function touchSession(db: Queryable, idHash: string) {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash));
}

export async function endSession(db: Queryable, idHash: string) {
  await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)));
}

export async function endSessionsOfUser(db: Queryable, userId: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .returning({ id: sessions.idHash });
  return rows.length;
}

export async function deleteStaleSessions(db: Queryable, olderThanDays: number): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(sql`coalesce(${sessions.endedAt}, ${sessions.expiresAt}) < now() - make_interval(days => ${olderThanDays})`)
    .returning({ id: sessions.idHash });
  return rows.length;
}

// API tokens -------------------------------------------------------------------

export async function insertToken(db: Queryable, row: typeof apiTokens.$inferInsert) {
  const rows = await db.insert(apiTokens).values(row).returning();
  return rows[0]!;
}

export async function findLiveToken(db: Queryable, tokenHash: string) {
  const rows = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > now())`,
      ),
    )
    .limit(1);
  return rows[0];
}

export async function touchToken(db: Queryable, id: string) {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

export async function listTokensOfUser(db: Queryable, userId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(asc(apiTokens.createdAt));
}

/** Tokens not revoked of several accounts (expired ones included, so admins see what to replace). */
export async function listTokensOfUsers(db: Queryable, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(apiTokens)
    .where(and(inArray(apiTokens.userId, userIds), isNull(apiTokens.revokedAt)))
    .orderBy(asc(apiTokens.createdAt));
}

export async function revokeToken(db: Queryable, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

// Sign-in throttling ------------------------------------------------------------

export async function recentFailures(db: Queryable, usernameKey: string, ip: string | null, windowMinutes: number) {
  const since = sql`now() - make_interval(mins => ${windowMinutes})`;
  const [byUser] = await db
    .select({ n: count(), oldest: sql<string | null>`min(${loginFailures.at})::text` })
    .from(loginFailures)
    .where(and(eq(loginFailures.usernameKey, usernameKey), gt(loginFailures.at, since)));
  const [byIp] = ip
    ? await db
        .select({ n: count() })
        .from(loginFailures)
        .where(and(sql`${loginFailures.ip} = ${ip}::inet`, gt(loginFailures.at, since)))
    : [{ n: 0 }];
  return { byUser: Number(byUser?.n ?? 0), byIp: Number(byIp?.n ?? 0), oldest: byUser?.oldest ?? null };
}

export async function insertFailure(db: Queryable, usernameKey: string, ip: string | null) {
  await db.insert(loginFailures).values({ usernameKey, ip });
}

export async function clearFailures(db: Queryable, usernameKey: string) {
  await db.delete(loginFailures).where(eq(loginFailures.usernameKey, usernameKey));
}

export async function deleteOldFailures(db: Queryable, olderThanMinutes: number) {
  await db.delete(loginFailures).where(sql`${loginFailures.at} < now() - make_interval(mins => ${olderThanMinutes})`);
}

/** Name, email and role of an account (single sign-on keeps them as the identity provider says). */
export async function updateUserProfile(
  db: Queryable,
  id: string,
  set: { displayName: string; email: string | null; role: Role },
): Promise<UserRow | undefined> {
  const rows = await db
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return rows[0];
}

/** Switches an account off (now) or back on; false when it already was. */
export async function setUserDisabled(db: Queryable, id: string, disabled: boolean): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ disabledAt: disabled ? sql`now()` : null, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), disabled ? isNull(users.disabledAt) : sql`${users.disabledAt} IS NOT NULL`))
    .returning({ id: users.id });
  return rows.length > 0;
}
