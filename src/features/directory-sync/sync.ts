// The directory sync: everyone the user filter finds is read with their groups (the service account), then applied
// in one transaction under the job's lock (one instance at a time): people created and updated, accounts created for
// those in mapped groups, and switched off — sessions ended at once — for those who left the directory or every
// mapped group. A dry run does the very same work and rolls it back, so its report is what a run would do. Each run
// (dry or not) is kept with its report and audited; each change is audited where it is made.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { findAccount } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/connect.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { exclusively } from '../../platform/jobs/runner.ts';
import { updatePersonFromDirectoryTx } from '../directory/people-service.ts';
import { roleFor, type SsoRole } from '../sso/rules.ts';
import { applyEntry, disableForDirectory, EntryProblem, fieldWords } from './entries.ts';
import * as ldap from './ldap.ts';
import {
  type DirectoryEntry,
  emptyReport,
  entryFromAttributes,
  type SyncChange,
  type SyncReport,
  tally,
} from './rules.ts';
import { settingsOf } from './service.ts';
import * as store from './store.ts';

export const SYNC_JOB = 'directory-sync';
const RUNS_KEPT = 50;

type Read = { entry: DirectoryEntry; role: SsoRole | null; loginName: string | null };

/** Everyone under the base DN with their mapped role, and the entries that cannot be people. */
async function readDirectory(ctx: AppContext, conn: store.ConnectionRow) {
  const settings = settingsOf(ctx, conn);
  return ldap.asServiceAccount(settings, async (c) => {
    const found = await ldap.listPeople(c, settings);
    const read: Read[] = [];
    const problems: SyncChange[] = [];
    for (const f of found) {
      const entry = entryFromAttributes(f.dn, f.attrs, conn.attributes);
      if ('problem' in entry) {
        problems.push({ dn: f.dn, person: f.dn, outcome: 'error', detail: `the entry ${entry.problem}` });
        continue;
      }
      const decision = roleFor(await ldap.groupsOf(c, settings, f.dn), conn.roleMappings, null);
      const login = f.attrs[conn.loginAttribute] ?? lookupCi(f.attrs, conn.loginAttribute);
      read.push({
        entry,
        role: 'refused' in decision ? null : decision.role,
        loginName:
          typeof login === 'string' ? login : Array.isArray(login) && typeof login[0] === 'string' ? login[0] : null,
      });
    }
    return { read, problems };
  });
}

function lookupCi(attrs: Record<string, unknown>, name: string) {
  const key = Object.keys(attrs).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (attrs[key] as string | string[] | undefined) : undefined;
}

class DryRunDone extends Error {
  constructor(readonly report: SyncReport) {
    super('dry run rolled back');
  }
}

/** Applies what was read, inside `tx`; fills `report`. */
async function apply(tx: Tx, meta: RequestMeta, read: Read[], report: SyncReport) {
  const units = await store.unitIdsByName(
    tx,
    read.flatMap((r) => (r.entry.department ? [r.entry.department] : [])),
  );
  const changes = new Map<string, SyncChange | null>();
  const seen = new Set<string>();
  for (const r of read) {
    try {
      // A savepoint per entry: one that cannot be applied is reported and the others go on.
      const applied = await tx.transaction((sp) =>
        applyEntry(sp, meta, r.entry, {
          role: r.role,
          unitId: r.entry.department ? (units.get(r.entry.department.toLowerCase()) ?? null) : null,
          managerId: null,
          loginName: r.loginName,
        }),
      );
      changes.set(applied.personId, applied.change);
      seen.add(applied.personId);
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      report.changes.push({ dn: r.entry.dn, person: r.entry.displayName, outcome: 'error', detail: err.message });
      report.errors++;
      report.ok = false;
    }
  }
  // Managers, once everyone is linked: a manager may come after their staff in the directory's order.
  const managers = await store.personIdsByDn(
    tx,
    read.flatMap((r) => (r.entry.managerDn ? [r.entry.managerDn] : [])),
  );
  for (const { link, person } of await store.linkedPeople(tx)) {
    const r = read.find((x) => x.entry.entryId === link.entryId);
    const managerId = r?.entry.managerDn ? managers.get(r.entry.managerDn.toLowerCase()) : undefined;
    if (r && managerId && managerId !== person.managerId && managerId !== person.id) {
      await updatePersonFromDirectoryTx(tx, meta, person.id, { managerId });
      const before = changes.get(person.id);
      changes.set(
        person.id,
        before
          ? { ...before, detail: `${before.detail}; changed ${fieldWords('managerId')}` }
          : {
              dn: link.dn,
              person: person.displayName,
              outcome: 'updated',
              detail: `changed ${fieldWords('managerId')}`,
            },
      );
    }
    if (seen.has(person.id)) continue;
    // Not in the directory any more (or no longer under the user filter): left.
    changes.set(person.id, await leave(tx, meta, link, person));
  }
  for (const c of changes.values()) tally(report, c);
}

async function leave(
  tx: Queryable,
  meta: RequestMeta,
  link: { personId: string; dn: string },
  person: { id: string; displayName: string; active: boolean; userId: string | null },
): Promise<SyncChange | null> {
  const notes: string[] = [];
  if (person.active) {
    await updatePersonFromDirectoryTx(tx, meta, person.id, { active: false });
    notes.push('marked as left');
  }
  const user = person.userId ? await findAccount(tx, person.userId) : undefined;
  if (user && !user.disabledAt && !user.passwordHash && user.role !== 'integration') {
    await disableForDirectory(tx, meta, person.id, user.id, 'left the directory', link.dn);
    notes.push('account switched off: left the directory');
  }
  if (!notes.length) return null;
  return { dn: link.dn, person: person.displayName, outcome: user ? 'disabled' : 'updated', detail: notes.join('; ') };
}

/**
 * Runs the sync (or a dry run) now, under the job's lock. Throws Conflict when another run holds it; a directory that
 * does not answer gives a report that says so (`failure`), with nothing changed.
 */
export async function runSync(
  ctx: AppContext,
  meta: RequestMeta,
  opts: { dryRun: boolean; trigger: 'schedule' | 'admin' },
): Promise<SyncReport> {
  const startedAt = new Date();
  let report = emptyReport(opts.dryRun);
  const ran = await exclusively(ctx, SYNC_JOB, async (tx) => {
    const conn = await store.findConnection(tx);
    if (!conn) throw new NotFound('No directory connection is set up.');
    let read: Read[] = [];
    try {
      const got = await readDirectory(ctx, conn);
      read = got.read;
      report.entries = got.read.length + got.problems.length;
      for (const p of got.problems) tally(report, p);
    } catch (err) {
      if (!(err instanceof ldap.DirectoryUnavailable)) throw err;
      report = { ...report, ok: false, failure: `The directory did not answer: ${err.message}. Nothing was changed.` };
    }
    const linked = report.failure ? 0 : (await store.linkedPeople(tx)).length;
    if (!report.failure && read.length === 0 && linked > 0) {
      report = {
        ...report,
        ok: false,
        failure:
          'The directory returned no one for the user filter, so nobody was switched off. Check the base DN and ' +
          'the user filter.',
      };
    }
    if (!report.failure) {
      try {
        await tx.transaction(async (work) => {
          await apply(work, meta, read, report);
          if (opts.dryRun) throw new DryRunDone(report);
        });
      } catch (err) {
        if (!(err instanceof DryRunDone)) throw err;
      }
    }
    if (!opts.dryRun) await store.markSynced(tx);
    await store.insertRun(tx, {
      id: newId(),
      dryRun: opts.dryRun,
      trigger: opts.trigger,
      actorId: meta.actor?.userId ?? null,
      startedAt,
      report,
    });
    await store.deleteOldRuns(tx, RUNS_KEPT);
    const { changes: _changes, ...counts } = report;
    await recordAudit(tx, meta, {
      action: 'directory_sync.run',
      outcome: report.failure ? 'failure' : 'success',
      targetType: 'directory_connection',
      summary: { trigger: opts.trigger, ...counts },
    });
  });
  if (!ran) throw new Conflict('A directory sync is already running. Wait for it to finish and look at its report.');
  return report;
}

/** The scheduled run: when the connection is switched on and its interval has passed since the last real run. */
export async function syncIfDue(ctx: AppContext, meta: RequestMeta): Promise<SyncReport | null> {
  const conn = await store.findConnection(ctx.database.db);
  if (!conn?.enabled) return null;
  const due = !conn.lastSyncAt || Date.now() - conn.lastSyncAt.getTime() >= conn.syncEveryMinutes * 60_000;
  if (!due) return null;
  try {
    return await runSync(ctx, meta, { dryRun: false, trigger: 'schedule' });
  } catch (err) {
    if (err instanceof Conflict) return null; // another instance is running it
    throw err;
  }
}
