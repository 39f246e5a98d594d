// SLA use cases: keep a ticket's clocks in step with every change to it (same transaction), and the sweep that
// marks tickets at risk and breached as time passes. Safe with several app instances: the ticket row lock orders
// changes to one ticket, the sweep claims rows with SKIP LOCKED, and each announcement's flag commits with its event.
import { SYSTEM_META } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import {
  historyOf,
  providerRepliesMany,
  type SlaTicket,
  slaTicketsByIds,
  type TicketFactsRow,
  type TicketRow,
  ticketFacts,
  ticketFactsMany,
  ticketsWithoutSla,
  watchersOf,
} from '../tickets/service/reads.ts';
import { chooseSla } from './rules/around-the-clock.ts';
import type { Calendar } from './rules/calendar.ts';
import type { SlaClocks, TimelineEntry } from './rules/clock.ts';
import {
  type Contract,
  contractClocks,
  contractRecords,
  hospitalClocks,
  nextCheckOf,
  type ProviderReply,
} from './rules/contract.ts';
import { timelineFromHistory } from './rules/history.ts';
import { announcements, type Flags } from './rules/notify.ts';
import { choosePolicy, type TicketFacts, targetsFor } from './rules/policy.ts';
import {
  type CalendarRow,
  claimDue,
  insertBackfilledSla,
  insertTicketSlaUnderStamp,
  listCalendars,
  listPolicies,
  lockTicketSla,
  markRunningForRecompute,
  type NewTicketSlaRow,
  type PolicyRow,
  settingsStamp,
  type TicketSlaRow,
  upsertTicketSla,
  vendorStaffAmong,
} from './store.ts';

/** A ticket's SLA row as last computed (the ticket page shows its clocks). */

export function calendarOf(row: CalendarRow, facilityTimeZone: string | null): Calendar {
  return {
    alwaysOpen: row.alwaysOpen,
    timeZone: row.timeZone ?? facilityTimeZone ?? 'UTC',
    weekly: row.weekly,
    closures: row.closures,
  };
}

/** The timeline with the ticket's present state appended if its status or holder changed, or the holding vendor
 *  started or stopped waiting for information from the hospital (a contract clock may pause for it). */
export function extendTimeline(timeline: readonly TimelineEntry[], t: TicketRow, at: number): TimelineEntry[] {
  const needsInfo = t.vendorState === 'needs_info';
  const entry: TimelineEntry = {
    at,
    status: t.status,
    tier: t.tier,
    providerId: t.providerId,
    ...(needsInfo ? { needsInfo } : {}),
  };
  const last = timeline.at(-1);
  if (!last) return [{ ...entry, at: Math.min(at, t.createdAt.getTime()) }];
  if (
    last.status === entry.status &&
    last.tier === entry.tier &&
    last.providerId === entry.providerId &&
    (last.needsInfo ?? false) === needsInfo
  ) {
    return [...timeline];
  }
  return [...timeline, { ...entry, at: Math.max(at, last.at) }];
}

/** Used when a ticket must run 24x7 and no 24x7 calendar row exists (an administrator removed it). */
const BUILT_IN_24X7: Calendar = { alwaysOpen: true, timeZone: 'UTC', weekly: [], closures: [] };

// The policies and calendars, with Calendar values shared per zone so their per-day memo (rules/calendar.ts) is
// reused across tickets. Read only: the same Settings serve every request while the settings' stamp is unchanged.
type Settings = {
  readonly policies: readonly PolicyRow[];
  readonly calendars: readonly CalendarRow[];
  built: Map<string, Calendar>;
};

/** Settings by their stamp (migration 0056), the few most recent: equal stamps mean equal settings, in every
 *  database and instance, so this is no state another instance could contradict. */
const settingsByStamp = new Map<string, Settings>();
const KEPT_SETTINGS = 4;
/** The settings this process used last, and their stamp: a new ticket's clock is first worked out with them. */
let lastUsed: { stamp: string; settings: Settings } | undefined;

/**
 * The SLA policies and calendars as `db` sees them. Every ticket opened needs them: one read of the stamp instead of
 * both tables (and the calendars built again) while nobody changes them. A transaction that changed them reads its
 * own new stamp. On a miss, the tables are read and then the stamp again: settings are kept only when no change
 * committed in between (each statement of a transaction may see newer commits).
 */
async function loadSettings(db: Queryable): Promise<Settings> {
  const stamp = await settingsStamp(db);
  const kept = settingsByStamp.get(stamp);
  if (kept) {
    lastUsed = { stamp, settings: kept };
    return kept;
  }
  const [policies, calendars] = await Promise.all([listPolicies(db), listCalendars(db)]);
  const settings: Settings = { policies, calendars, built: new Map() };
  if ((await settingsStamp(db)) === stamp) {
    settingsByStamp.set(stamp, settings);
    lastUsed = { stamp, settings };
    // One in, the oldest out (a Map keeps insertion order).
    if (settingsByStamp.size > KEPT_SETTINGS) settingsByStamp.delete(settingsByStamp.keys().next().value!);
  }
  return settings;
}

function sharedCalendar(settings: Settings, row: CalendarRow, facilityTimeZone: string | null): Calendar {
  const key = `${row.id}|${row.version}|${facilityTimeZone}`;
  let cal = settings.built.get(key);
  if (!cal) {
    cal = calendarOf(row, facilityTimeZone);
    settings.built.set(key, cal);
  }
  return cal;
}

function flagsOf(row: TicketSlaRow | undefined): Flags {
  return {
    responseAtRisk: row?.responseAtRiskNotified ?? false,
    responseBreach: row?.responseBreachNotified ?? false,
    resolutionAtRisk: row?.resolutionAtRiskNotified ?? false,
    resolutionBreach: row?.resolutionBreachNotified ?? false,
  };
}

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The contract that applies while a provider holds the ticket: the first active policy naming that provider whose
 *  other conditions hold, on its own calendar (in the facility's zone when the calendar has none). */
function contractsOf(
  settings: Settings,
  facts: TicketFacts,
  facilityTimeZone: string | null,
): (providerId: string) => Contract | null {
  const contracts = settings.policies.filter((p) => p.match.providerIds?.length);
  const memo = new Map<string, Contract | null>();
  return (providerId) => {
    if (memo.has(providerId)) return memo.get(providerId)!;
    const policy = contracts.length ? choosePolicy(contracts, { ...facts, providerId }) : null;
    const calRow = policy ? settings.calendars.find((c) => c.id === policy.calendarId) : undefined;
    const contract: Contract | null = policy
      ? {
          policyId: policy.id,
          policyName: policy.name,
          targets: targetsFor(policy, facts.priority),
          pauseStatuses: policy.pauseStatuses,
          pauseOnNeedsInfo: policy.pauseOnVendorNeedsInfo,
          atRiskRatio: policy.atRiskPercent / 100,
          calendar: calRow ? sharedCalendar(settings, calRow, facilityTimeZone) : BUILT_IN_24X7,
        }
      : null;
    memo.set(providerId, contract);
    return contract;
  };
}

type Announced = {
  owner: 'hospital' | 'contract';
  clock: 'response' | 'resolution';
  kind: 'at_risk' | 'breached';
  at: number;
  policy: string;
  providerId?: string;
};

/** Recomputes and stores one ticket's clocks, announcing what became due. The caller holds the SLA row lock. */
async function recompute(
  tx: Queryable,
  t: SlaTicket,
  existing: TicketSlaRow | undefined,
  timeline: TimelineEntry[],
  settings: Settings,
  now: number,
  opts: {
    announce: boolean;
    facts?: TicketFactsRow;
    replies?: readonly ProviderReply[];
    /** Instead of writing the row at once: the backfill gathers a batch's rows and writes them in one statement. */
    save?: (row: NewTicketSlaRow) => void | Promise<void>;
  } = { announce: true },
): Promise<{ row: NewTicketSlaRow; clocks: SlaClocks | null }> {
  const facts = opts.facts ?? (await ticketFacts(tx, t.id));
  const replies = opts.replies ?? (await providerRepliesMany(tx, [t.id])).get(t.id) ?? [];
  const ticketFactsForSla: TicketFacts = {
    type: t.type,
    serviceId: t.moduleId ?? t.serviceId,
    clinicalCritical: facts.clinical_critical,
    providerLine: facts.provider_line,
    providerId: t.providerId,
    priority: t.priority,
    patientCareAffected: t.patientCareAffected,
    patientSafety: t.patientSafety,
  };
  // The hospital's clock is chosen as if no provider held the ticket: a policy naming providers is a contract, and
  // its clock runs beside the hospital's instead of replacing it (issue 16, rules/contract.ts).
  const choice = chooseSla(settings.policies, settings.calendars, { ...ticketFactsForSla, providerId: null });
  const contractFor = contractsOf(settings, ticketFactsForSla, facts.facility_time_zone);
  const contracts = contractRecords(
    contractClocks({ timeline, now, contractFor, replies }),
    existing?.contractClocks ?? [],
  );
  const contractNews: Announced[] = contracts.due.map((a) => ({
    owner: 'contract',
    clock: a.clock,
    kind: a.kind,
    at: a.at,
    policy: a.policyName,
    providerId: a.providerId,
  }));
  const base = {
    ticketId: t.id,
    priority: t.priority,
    timeline,
    contractClocks: contracts.records,
    computedAt: new Date(now),
  };
  if (!choice) {
    const row: NewTicketSlaRow = {
      ...base,
      policyId: null,
      policyName: null,
      calendarId: null,
      timeZone: null,
      responseTargetMs: null,
      resolutionTargetMs: null,
      responseState: null,
      resolutionState: null,
      responseElapsedMs: 0,
      resolutionElapsedMs: 0,
      responseDueAt: null,
      resolutionDueAt: null,
      responseBreachedAt: null,
      resolutionBreachedAt: null,
      atRisk: false,
      breached: false,
      elapsedByHolder: {},
      nextCheckAt: dateOrNull(nextCheckOf(null, contracts.records)),
    };
    await saveRow(tx, row, opts.save);
    if (opts.announce) await announce(tx, t, contractNews);
    return { row, clocks: null };
  }
  const { policy, calendar: calRow, aroundTheClockBecause } = choice;
  const calendar = calRow ? sharedCalendar(settings, calRow, facts.facility_time_zone) : BUILT_IN_24X7;
  // The row names the hospital rule when it set the policy's own calendar aside, so the agent sees why.
  const policyName = aroundTheClockBecause ? `${policy.name} · 24x7 (${aroundTheClockBecause})` : policy.name;
  const clocks = hospitalClocks(
    {
      timeline,
      respondedAt: t.firstResponseAt?.getTime() ?? null,
      targets: targetsFor(policy, t.priority),
      pauseStatuses: policy.pauseStatuses,
      atRiskRatio: policy.atRiskPercent / 100,
      calendar,
      now,
    },
    (providerId) => contractFor(providerId) !== null,
  );
  // A backfill records what is already past as announced: it is history, not news.
  const { due: news, flags } = announcements(flagsOf(existing), clocks);
  const due = opts.announce ? news : [];
  const row: NewTicketSlaRow = {
    ...base,
    policyId: policy.id,
    policyName,
    calendarId: calRow?.id ?? null,
    timeZone: calendar.timeZone,
    responseTargetMs: clocks.response.targetMs,
    resolutionTargetMs: clocks.resolution.targetMs,
    responseState: clocks.response.state,
    resolutionState: clocks.resolution.state,
    responseElapsedMs: Math.round(clocks.response.elapsedMs),
    resolutionElapsedMs: Math.round(clocks.resolution.elapsedMs),
    responseDueAt: dateOrNull(clocks.response.dueAt),
    resolutionDueAt: dateOrNull(clocks.resolution.dueAt),
    responseBreachedAt: dateOrNull(clocks.response.breachedAt),
    resolutionBreachedAt: dateOrNull(clocks.resolution.breachedAt),
    atRisk: clocks.response.atRisk || clocks.resolution.atRisk,
    breached: clocks.response.breached || clocks.resolution.breached,
    responseAtRiskNotified: flags.responseAtRisk,
    responseBreachNotified: flags.responseBreach,
    resolutionAtRiskNotified: flags.resolutionAtRisk,
    resolutionBreachNotified: flags.resolutionBreach,
    elapsedByHolder: Object.fromEntries(Object.entries(clocks.elapsedByHolder).map(([k, v]) => [k, Math.round(v)])),
    nextCheckAt: dateOrNull(nextCheckOf(clocks, contracts.records)),
  };
  await saveRow(tx, row, opts.save);
  const hospitalNews: Announced[] = due.map((a) => ({ owner: 'hospital', ...a, policy: policyName }));
  if (opts.announce) await announce(tx, t, [...hospitalNews, ...contractNews]);
  return { row, clocks };
}

const saveRow = async (tx: Queryable, row: NewTicketSlaRow, save?: (row: NewTicketSlaRow) => void | Promise<void>) =>
  save ? save(row) : upsertTicketSla(tx, row);

/** The at-risk and breach events (and the audit of each breach), saying whose clock: the hospital's or a contract's. */
async function announce(tx: Queryable, t: SlaTicket, due: readonly Announced[]): Promise<void> {
  if (!due.length) return;
  const watchers = await watchersOf(tx, t.id);
  const vendorStaff = await vendorStaffAmong(tx, watchers);
  // The hospital's clock is the hospital's: an outside provider's engineer in the holding group hears only of its own
  // provider's contract clock.
  const hearing = (providerId: string | undefined) =>
    watchers.filter((u) => !vendorStaff.has(u) || (providerId !== undefined && vendorStaff.get(u) === providerId));
  for (const a of due) {
    const which = a.owner === 'contract' ? { owner: a.owner, providerId: a.providerId } : { owner: a.owner };
    await appendEvent(tx, {
      type: a.kind === 'breached' ? 'sla.breached' : 'sla.at_risk',
      subjectType: 'ticket',
      subjectId: t.id,
      actorId: null,
      payload: {
        number: formatTicketNumber(t.number),
        clock: a.clock,
        ...which,
        at: new Date(a.at).toISOString(),
        priority: t.priority,
        policy: a.policy,
      },
      // The assignee and the group live; managers hear of breaches. A contract clock is also its provider's news:
      // that provider's engineers (and its webhooks) hear of it; the hospital's clock never reaches a vendor.
      audience: {
        userIds: hearing(a.owner === 'contract' ? a.providerId : undefined),
        roles: a.kind === 'breached' ? ['manager'] : [],
        ...(a.owner === 'contract' && a.providerId ? { vendorProviderIds: [a.providerId] } : {}),
      },
    });
    if (a.kind === 'breached') {
      await recordAudit(tx, SYSTEM_META, {
        action: 'sla.breached',
        actorLabel: 'system:sla',
        targetType: 'ticket',
        targetId: t.id,
        summary: {
          number: t.number,
          clock: a.clock,
          ...which,
          policy: a.policy,
          breachedAt: new Date(a.at).toISOString(),
        },
      });
    }
  }
}

/**
 * Brings a ticket's SLA in step with its row as just written (status, tier, provider, priority…). Called inside
 * the transaction that changed the ticket, so the clocks and the change commit together.
 */
export async function syncTicketSla(tx: Queryable, t: TicketRow, now = Date.now()): Promise<void> {
  const existing = await lockTicketSla(tx, t.id);
  const timeline = extendTimeline(existing?.timeline ?? [], t, now);
  await recompute(tx, t, existing, timeline, await loadSettings(tx), now);
}

/**
 * A new ticket's SLA, written in the transaction that opened it: as syncTicketSla, without the two reads that find
 * nothing for a ticket this transaction just inserted (its SLA row; a provider's reply: the only comment a ticket
 * can have at opening is the desk's own note, which no provider wrote), and without reading the ticket's facts when
 * the opening gives them (it read them with the ticket's clinical context: tickets/service/clinical-context.ts).
 */
export async function openTicketSla(
  tx: Queryable,
  t: TicketRow,
  now = Date.now(),
  facts?: TicketFactsRow,
): Promise<void> {
  const timeline = extendTimeline([], t, now);
  const guess = lastUsed;
  if (guess) {
    // Worked out with the settings used last, and written only if they are still current (the stamp is checked in
    // the insert itself): one statement instead of reading the stamp first. Refused, nothing was written or
    // announced (the announcements follow the write), and the clock is worked out again with the current settings.
    try {
      await recompute(tx, t, undefined, timeline, guess.settings, now, {
        announce: true,
        replies: [],
        facts,
        save: async (row) => {
          if (!(await insertTicketSlaUnderStamp(tx, row, guess.stamp))) throw new SettingsChanged();
        },
      });
      return;
    } catch (error) {
      if (!(error instanceof SettingsChanged)) throw error;
    }
  }
  await recompute(tx, t, undefined, timeline, await loadSettings(tx), now, { announce: true, replies: [], facts });
}

/** The SLA settings changed since this process last used them (openTicketSla). */
class SettingsChanged extends Error {}

/** One pass of the sweep: recomputes up to `limit` tickets whose next look is due. Returns how many it handled. */
export async function sweepSla(ctx: AppContext, now = Date.now(), limit = 500): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    const due = await claimDue(tx, new Date(now), limit);
    if (!due.length) return 0;
    const settings = await loadSettings(tx);
    const rows = await slaTicketsByIds(
      tx,
      due.map((d) => d.ticketId),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ids = due.map((d) => d.ticketId);
    const facts = await ticketFactsMany(tx, ids);
    const replies = await providerRepliesMany(tx, ids);
    for (const slaRow of due) {
      const t = byId.get(slaRow.ticketId);
      if (!t) continue;
      await recompute(tx, t, slaRow, slaRow.timeline, settings, now, {
        announce: true,
        facts: facts.get(t.id),
        replies: replies.get(t.id) ?? [],
      });
    }
    return due.length;
  });
}

/** Gives tickets that have no SLA row (the demo history, imports, tickets from before SLAs) one, with the
 *  timeline rebuilt from their recorded history. */
export async function backfillTicketSla(ctx: Pick<AppContext, 'database'>, batch = 500): Promise<number> {
  let total = 0;
  let from: string | null = null;
  for (;;) {
    const done = await ctx.database.db.transaction(async (tx) => {
      const { ids, last } = await ticketsWithoutSla(tx, batch, from);
      from = last;
      if (!ids.length) return 0;
      const settings = await loadSettings(tx);
      const rows = await slaTicketsByIds(tx, ids);
      const history = await historyOf(tx, ids);
      const facts = await ticketFactsMany(tx, ids);
      const replies = await providerRepliesMany(tx, ids);
      const now = Date.now();
      const computed: NewTicketSlaRow[] = [];
      for (const t of rows) {
        const timeline = timelineFromHistory(
          { createdAt: t.createdAt.getTime(), status: t.status, tier: t.tier, providerId: t.providerId },
          history.get(t.id) ?? [],
        );
        await recompute(tx, t, undefined, timeline, settings, now, {
          announce: false,
          facts: facts.get(t.id),
          replies: replies.get(t.id) ?? [],
          save: (row) => void computed.push(row),
        });
      }
      // One statement for the batch: a statement per ticket was most of a first start's SLA backfill on PGlite.
      await insertBackfilledSla(tx, computed);
      return rows.length;
    });
    total += done;
    if (done < batch) return total;
  }
}

/** After a policy or calendar changes: every ticket whose clocks still run is looked at again by the sweep. */
export async function requestRecompute(tx: Queryable): Promise<number> {
  return markRunningForRecompute(tx);
}
