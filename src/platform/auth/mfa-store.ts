// SQL for two-step sign-in: authenticators, recovery codes and the sign-ins waiting for their second step.
import { and, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/connect.ts';
import { mfaChallenges, mfaRecoveryCodes, userMfa, users } from '../db/schema.ts';

export type MfaRow = typeof userMfa.$inferSelect;
export type ChallengeRow = typeof mfaChallenges.$inferSelect;

export async function findMfa(db: Queryable, userId: string): Promise<MfaRow | undefined> {
  const rows = await db.select().from(userMfa).where(eq(userMfa.userId, userId)).limit(1);
  return rows[0];
}

/** Starts (or restarts) a set-up: a new secret, not confirmed. */
export async function putPendingMfa(db: Queryable, userId: string, secretSealed: string) {
  await db
    .insert(userMfa)
    .values({ userId, secretSealed })
    .onConflictDoUpdate({
      target: userMfa.userId,
      set: { secretSealed, confirmedAt: null, lastTimeStep: null, createdAt: sql`now()` },
    });
}

export async function confirmMfa(db: Queryable, userId: string, secretSealed: string, timeStep: number) {
  await db
    .insert(userMfa)
    .values({ userId, secretSealed, confirmedAt: sql`now()`, lastTimeStep: timeStep })
    .onConflictDoUpdate({
      target: userMfa.userId,
      set: { secretSealed, confirmedAt: sql`now()`, lastTimeStep: timeStep },
    });
}

/**
 * Records the time step a code was accepted for, only if it is later than the last one: false when another request
 * (on any instance) already used this step, so the same code never works twice.
 */
export async function takeTimeStep(db: Queryable, userId: string, timeStep: number): Promise<boolean> {
  const rows = await db
    .update(userMfa)
    .set({ lastTimeStep: timeStep })
    .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastTimeStep), lt(userMfa.lastTimeStep, timeStep))))
    .returning({ userId: userMfa.userId });
  return rows.length > 0;
}

export async function deleteMfa(db: Queryable, userId: string): Promise<boolean> {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  const rows = await db.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ userId: userMfa.userId });
  return rows.length > 0;
}

// Recovery codes ----------------------------------------------------------------

export async function replaceRecoveryCodes(db: Queryable, userId: string, rows: { id: string; codeHash: string }[]) {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  if (rows.length > 0) await db.insert(mfaRecoveryCodes).values(rows.map((r) => ({ ...r, userId })));
}

export async function unusedRecoveryCodes(db: Queryable, userId: string) {
  return db
    .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
}

export async function countUnusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** Marks a recovery code used; false when it was used meanwhile (two requests racing with one code). */
export async function spendRecoveryCode(db: Queryable, id: string): Promise<boolean> {
  const rows = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaRecoveryCodes.id, id), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  return rows.length > 0;
}

// Sign-ins waiting for their second step -----------------------------------------------

export async function insertChallenge(db: Queryable, row: typeof mfaChallenges.$inferInsert) {
  await db.insert(mfaChallenges).values(row);
}

/** A challenge still open (not used, not expired), with its account. */
export async function findLiveChallenge(db: Queryable, tokenHash: string) {
  const rows = await db
    .select({ challenge: mfaChallenges, user: users })
    .from(mfaChallenges)
    .innerJoin(users, eq(users.id, mfaChallenges.userId))
    .where(
      and(
        eq(mfaChallenges.tokenHash, tokenHash),
        isNull(mfaChallenges.usedAt),
        gt(mfaChallenges.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function setChallengeSecret(db: Queryable, tokenHash: string, secretSealed: string) {
  await db.update(mfaChallenges).set({ secretSealed }).where(eq(mfaChallenges.tokenHash, tokenHash));
}

/** Counts a wrong code against the challenge; returns the attempts so far. */
export async function countChallengeAttempt(db: Queryable, tokenHash: string): Promise<number> {
  const rows = await db
    .update(mfaChallenges)
    .set({ attempts: sql`${mfaChallenges.attempts} + 1` })
    .where(eq(mfaChallenges.tokenHash, tokenHash))
    .returning({ attempts: mfaChallenges.attempts });
  return rows[0]?.attempts ?? 0;
}

/** Ends a challenge once; false when it was already used (a second tab, a replayed request). */
export async function endChallenge(db: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await db
    .update(mfaChallenges)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaChallenges.tokenHash, tokenHash), isNull(mfaChallenges.usedAt)))
    .returning({ tokenHash: mfaChallenges.tokenHash });
  return rows.length > 0;
}

export async function deleteStaleChallenges(db: Queryable, olderThanMinutes: number): Promise<number> {
  const rows = await db
    .delete(mfaChallenges)
    .where(sql`${mfaChallenges.expiresAt} < now() - make_interval(mins => ${olderThanMinutes})`)
    .returning({ tokenHash: mfaChallenges.tokenHash });
  return rows.length;
}
