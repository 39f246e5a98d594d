// Administrators' use cases for the directory connection: read it with the latest runs, set it, remove it, test
// it. Each change is one transaction with its audit entry naming the fields changed (never the bind password).
import { X509Certificate } from 'node:crypto';
import type { ActorMeta } from '../../platform/actor.ts';
import { recordAudit, recordAuditNow } from '../../platform/audit/service.ts';
import { seal } from '../../platform/auth/sealed.ts';
import type { AppContext } from '../../platform/context.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import * as ldap from './ldap.ts';
import { urlAllowed } from './rules.ts';
import type { ConnectionBody, ConnectionTest, ConnectionView, DirectoryStatus, SyncRunView } from './schemas.ts';
import { settingsOf } from './service.ts';
import * as store from './store.ts';

function toView(c: store.ConnectionRow): ConnectionView {
  return {
    url: c.url,
    startTls: c.startTls,
    tlsCa: c.tlsCa,
    bindDn: c.bindDn,
    baseDn: c.baseDn,
    userFilter: c.userFilter,
    loginAttribute: c.loginAttribute,
    groupFilter: c.groupFilter,
    attributes: c.attributes,
    roleMappings: c.roleMappings,
    syncEveryMinutes: c.syncEveryMinutes,
    enabled: c.enabled,
    hasBindPassword: c.bindPasswordSealed !== null,
    lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function directoryStatus(ctx: AppContext, runs = 10): Promise<DirectoryStatus> {
  const conn = await store.findConnection(ctx.database.db);
  const rows = await store.recentRuns(ctx.database.db, runs);
  return {
    connection: conn ? toView(conn) : null,
    runs: rows.map(
      (r): SyncRunView => ({
        id: r.id,
        dryRun: r.dryRun,
        trigger: r.trigger,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt.toISOString(),
        report: r.report,
      }),
    ),
  };
}

function check(body: ConnectionBody) {
  const url = urlAllowed(body.url, body.startTls);
  if (!url.ok) throw new Invalid(`The directory address ${url.reason}.`, [{ field: 'url', message: url.reason }]);
  if (body.startTls && body.url.startsWith('ldaps:')) {
    throw new Invalid('An ldaps:// address is encrypted already: switch StartTLS off, or use ldap://.', [
      { field: 'startTls', message: 'only for ldap:// addresses' },
    ]);
  }
  if (body.tlsCa) {
    try {
      new X509Certificate(body.tlsCa);
    } catch {
      throw new Invalid('The trusted certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----…).', [
        { field: 'tlsCa', message: 'is not a PEM certificate' },
      ]);
    }
  }
  if (body.roleMappings.some((m) => (m.role as string) === 'integration')) {
    throw new Invalid('Directory groups never give the integration role.', [
      { field: 'roleMappings', message: 'no integration role' },
    ]);
  }
}

function sealedPassword(ctx: AppContext, password: string): string {
  if (!ctx.config.secretKey) {
    throw new Invalid(
      'A bind password can be stored only when the server has a key to seal it: set CLINIDESK_SECRET_KEY and restart.',
      [{ field: 'bindPassword', message: 'needs CLINIDESK_SECRET_KEY on the server' }],
    );
  }
  return seal(ctx.config.secretKey, password);
}

/** Sets the connection (creating it the first time). */
export async function saveConnection(ctx: AppContext, meta: ActorMeta, body: ConnectionBody): Promise<ConnectionView> {
  check(body);
  const { bindPassword, ...rest } = body;
  const passwordChange =
    bindPassword === undefined ? {} : { bindPasswordSealed: bindPassword ? sealedPassword(ctx, bindPassword) : null };
  const row = await ctx.database.db.transaction(async (tx) => {
    const current = await store.findConnection(tx);
    const saved = await store.saveConnection(tx, {
      ...rest,
      bindPasswordSealed: current?.bindPasswordSealed ?? null,
      lastSyncAt: current?.lastSyncAt ?? null,
      ...passwordChange,
    });
    const changed = current
      ? Object.keys(rest).filter(
          (k) =>
            JSON.stringify(rest[k as keyof typeof rest]) !== JSON.stringify(current[k as keyof store.ConnectionRow]),
        )
      : Object.keys(rest);
    await recordAudit(tx, meta, {
      action: 'directory_connection.update',
      targetType: 'directory_connection',
      summary: {
        url: saved.url,
        created: !current,
        changed,
        ...(bindPassword === undefined
          ? {}
          : { bindPassword: bindPassword === null ? 'removed' : current?.bindPasswordSealed ? 'replaced' : 'set' }),
        ...(changed.includes('roleMappings') ? { roleMappings: rest.roleMappings } : {}),
      },
    });
    return saved;
  });
  return toView(row);
}

/** Removes the connection: directory sign-in and the sync stop; people and accounts stay as they are. */
export async function deleteConnection(ctx: AppContext, meta: ActorMeta): Promise<void> {
  await ctx.database.db.transaction(async (tx) => {
    const current = await store.findConnection(tx);
    if (!current || !(await store.deleteConnection(tx))) throw new NotFound('No directory connection is set up.');
    await recordAudit(tx, meta, {
      action: 'directory_connection.delete',
      targetType: 'directory_connection',
      summary: { url: current.url },
    });
  });
}

/** Connects, signs in as the service account and counts the people the user filter finds. Audited. */
export async function testConnection(ctx: AppContext, meta: ActorMeta): Promise<ConnectionTest> {
  const conn = await store.findConnection(ctx.database.db);
  if (!conn) throw new NotFound('No directory connection is set up.');
  let result: ConnectionTest;
  try {
    const settings = settingsOf(ctx, conn);
    const people = await ldap.asServiceAccount(settings, async (c) => (await ldap.listPeople(c, settings)).length);
    result = {
      ok: people > 0,
      people,
      message:
        people > 0
          ? `Connected and signed in as the service account; the user filter finds ${people} people.`
          : 'Connected and signed in, but the user filter finds no one: check the base DN and the user filter.',
    };
  } catch (err) {
    if (!(err instanceof ldap.DirectoryUnavailable)) throw err;
    result = { ok: false, people: null, message: `The directory could not be used: ${err.message}.` };
  }
  await recordAuditNow(ctx.database, meta, {
    action: 'directory_connection.test',
    outcome: result.ok ? 'success' : 'failure',
    targetType: 'directory_connection',
    summary: { url: conn.url, people: result.people, message: result.message },
  });
  return result;
}
