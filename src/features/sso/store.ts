// SQL of single sign-on: identity providers, sign-ins under way, linked provider accounts, provider sessions.
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import type { Identity } from './rules.ts';
import { identityProviders, samlAssertions, samlRequests, ssoLogins, ssoSessions, userIdentities } from './tables.ts';

export type ProviderRow = typeof identityProviders.$inferSelect;

export function listProviders(db: Queryable): Promise<ProviderRow[]> {
  return db
    .select()
    .from(identityProviders)
    .orderBy(asc(sql`lower(${identityProviders.name})`));
}

export async function findProvider(db: Queryable, id: string): Promise<ProviderRow | undefined> {
  return (await db.select().from(identityProviders).where(eq(identityProviders.id, id)).limit(1))[0];
}

export async function insertProvider(db: Queryable, row: typeof identityProviders.$inferInsert) {
  return (await db.insert(identityProviders).values(row).returning())[0]!;
}

export async function updateProvider(db: Queryable, id: string, set: Partial<typeof identityProviders.$inferInsert>) {
  return (
    await db
      .update(identityProviders)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(identityProviders.id, id))
      .returning()
  )[0];
}

export async function deleteProvider(db: Queryable, id: string): Promise<boolean> {
  return (await db.delete(identityProviders).where(eq(identityProviders.id, id)).returning()).length > 0;
}

// Sign-ins under way ---------------------------------------------------------------

export async function insertLogin(db: Queryable, row: typeof ssoLogins.$inferInsert) {
  await db.insert(ssoLogins).values(row);
}

/** Claims a sign-in under way once: a second use of the same state, or one past its time, finds nothing. */
export async function claimLogin(db: Queryable, stateHash: string) {
  const rows = await db
    .update(ssoLogins)
    .set({ usedAt: sql`now()` })
    .where(and(eq(ssoLogins.stateHash, stateHash), isNull(ssoLogins.usedAt), gt(ssoLogins.expiresAt, sql`now()`)))
    .returning();
  return rows[0];
}

export async function deleteOldLogins(db: Queryable) {
  await db.delete(ssoLogins).where(sql`${ssoLogins.expiresAt} < now() - interval '1 day'`);
  await db.delete(samlRequests).where(sql`${samlRequests.expiresAt} < now() - interval '1 day'`);
  await db.delete(samlAssertions).where(sql`${samlAssertions.expiresAt} < now()`);
}

// SAML requests under way and assertions used ------------------------------------------

export async function insertSamlRequest(db: Queryable, row: typeof samlRequests.$inferInsert) {
  await db.insert(samlRequests).values(row);
}

/** Takes the IdP's answer to a request once: unknown, already answered or expired requests find nothing. */
export async function claimSamlAnswer(db: Queryable, requestId: string) {
  const rows = await db
    .update(samlRequests)
    .set({ answeredAt: sql`now()` })
    .where(
      and(
        eq(samlRequests.requestId, requestId),
        isNull(samlRequests.answeredAt),
        gt(samlRequests.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return rows[0];
}

export async function saveSamlIdentity(db: Queryable, requestId: string, identity: Identity) {
  await db.update(samlRequests).set({ identity }).where(eq(samlRequests.requestId, requestId));
}

/** Claims, once, the answered request this browser started (its state): the identity to sign in. */
export async function claimSamlFinish(db: Queryable, stateHash: string) {
  const rows = await db
    .update(samlRequests)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(samlRequests.stateHash, stateHash),
        isNotNull(samlRequests.identity),
        isNull(samlRequests.usedAt),
        gt(samlRequests.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return rows[0];
}

/** Records an assertion as used; false when it was used before (a replay), on this instance or another. */
export async function useAssertion(db: Queryable, providerId: string, assertionId: string, expiresAt: Date) {
  const rows = await db
    .insert(samlAssertions)
    .values({ providerId, assertionId, expiresAt })
    .onConflictDoNothing()
    .returning({ id: samlAssertions.assertionId });
  return rows.length > 0;
}

// Linked provider accounts -----------------------------------------------------------

export async function findIdentity(db: Queryable, providerId: string, subject: string) {
  return (
    await db
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject)))
      .limit(1)
  )[0];
}

export async function insertIdentity(db: Queryable, row: typeof userIdentities.$inferInsert) {
  await db.insert(userIdentities).values(row);
}

export async function touchIdentity(db: Queryable, providerId: string, subject: string) {
  await db
    .update(userIdentities)
    .set({ lastSignInAt: sql`now()` })
    .where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject)));
}

// Sessions a provider started -------------------------------------------------------

export async function insertSsoSession(db: Queryable, row: typeof ssoSessions.$inferInsert) {
  await db.insert(ssoSessions).values(row);
}

export async function findSsoSession(db: Queryable, sessionIdHash: string) {
  return (await db.select().from(ssoSessions).where(eq(ssoSessions.sessionIdHash, sessionIdHash)).limit(1))[0];
}

export async function sessionHashesOfProvider(db: Queryable, providerId: string): Promise<string[]> {
  const rows = await db
    .select({ h: ssoSessions.sessionIdHash })
    .from(ssoSessions)
    .where(eq(ssoSessions.providerId, providerId));
  return rows.map((r) => r.h);
}
