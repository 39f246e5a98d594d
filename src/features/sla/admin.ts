// Managing SLA calendars and policies. Every change is validated by the pure rules, audited, versioned, and
// makes the sweep look again at every ticket whose clocks still run (due times follow the new settings).
import type { RequestMeta } from '../../platform/actor.ts';
import type { AuditAction } from '../../platform/audit/actions.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { isPgError, PG } from '../../platform/db/errors.ts';
import { Conflict, type FieldError, Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { closuresFromCsv, closuresFromICalendar, mergeClosures } from './closures-import.ts';
import { businessHoursWarnings } from './rules/around-the-clock.ts';
import { type Calendar, calendarProblems } from './rules/calendar.ts';
import { contractPauseProblems, type Policy, policyProblems } from './rules/policy.ts';
import type { CalendarInput, CalendarPatch, PolicyInput, PolicyPatch } from './schemas.ts';
import { requestRecompute } from './service.ts';
import {
  type CalendarRow,
  calendarMeasuredTickets,
  deleteCalendarRow,
  deletePolicyRow,
  findCalendar,
  findPolicy,
  insertCalendar,
  insertPolicy,
  listCalendars,
  listPolicies,
  type PolicyRow,
  policyMeasuredTickets,
  updateCalendarAt,
  updatePolicyAt,
} from './store.ts';

function calendarView(row: CalendarRow, policies: PolicyRow[]) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    alwaysOpen: row.alwaysOpen,
    weekly: row.weekly,
    closures: row.closures,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    usedBy: policies.filter((p) => p.calendarId === row.id).map((p) => p.name),
  };
}

function policyView(row: PolicyRow, calendars: CalendarRow[], policies: PolicyRow[]) {
  const warning = businessHoursWarnings(policies as unknown as Policy[], calendars).get(row.id);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    active: row.active,
    match: row.match as PolicyInput['match'],
    calendarId: row.calendarId,
    calendar: calendars.find((c) => c.id === row.calendarId)?.name ?? '',
    warnings: warning ? [warning] : [],
    targets: row.targets,
    pauseStatuses: row.pauseStatuses,
    atRiskPercent: row.atRiskPercent,
    pauseOnVendorNeedsInfo: row.pauseOnVendorNeedsInfo,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const prefixed = (problems: FieldError[]) => problems.map((p) => ({ ...p, field: `body.${p.field}` }));

function checkCalendar(input: Pick<CalendarInput, 'alwaysOpen' | 'timeZone' | 'weekly' | 'closures'>) {
  // A calendar without a zone takes each facility's: check its hours with a sample zone.
  const cal: Calendar = { ...input, timeZone: input.timeZone ?? 'UTC' };
  const problems = calendarProblems(cal);
  if (problems.length) throw new Invalid('The calendar is not usable.', prefixed(problems));
}

function nameTaken(err: unknown, what: string): never {
  if (isPgError(err, PG.uniqueViolation))
    throw new Conflict(`There is already a ${what} with that name.`, [{ field: 'body.name', message: 'is taken' }]);
  throw err;
}

export async function listCalendarViews(ctx: AppContext) {
  const [calendars, policies] = await Promise.all([listCalendars(ctx.database.db), listPolicies(ctx.database.db)]);
  return calendars.map((c) => calendarView(c, policies));
}

export async function createCalendar(ctx: AppContext, meta: RequestMeta, input: CalendarInput) {
  checkCalendar(input);
  return ctx.database.db
    .transaction(async (tx) => {
      const row = await insertCalendar(tx, { id: newId(), ...input });
      await recordAudit(tx, meta, {
        action: 'sla.calendar.create',
        targetType: 'sla_calendar',
        targetId: row.id,
        summary: { name: input.name },
      });
      return calendarView(row, []);
    })
    .catch((err) => nameTaken(err, 'calendar'));
}

async function saveCalendar(
  tx: Queryable,
  meta: RequestMeta,
  current: CalendarRow,
  next: Omit<CalendarRow, 'id' | 'version' | 'updatedAt'>,
  action: AuditAction,
  summary: Record<string, unknown>,
) {
  checkCalendar(next);
  const row = await updateCalendarAt(tx, current, { ...next, version: current.version + 1, updatedAt: new Date() });
  if (!row) throw new Conflict('Someone else changed this calendar; reload it and try again.');
  const recomputed = await requestRecompute(tx);
  await recordAudit(tx, meta, {
    action,
    targetType: 'sla_calendar',
    targetId: row.id,
    summary: { ...summary, recomputed },
  });
  return calendarView(row, await listPolicies(tx));
}

export async function updateCalendar(ctx: AppContext, meta: RequestMeta, id: string, patch: CalendarPatch) {
  return ctx.database.db
    .transaction(async (tx) => {
      const current = await findCalendar(tx, id);
      if (!current) throw new NotFound('There is no such calendar.');
      if (current.version !== patch.version)
        throw new Conflict('Someone else changed this calendar; reload it and try again.');
      const { version: _v, ...fields } = patch;
      const next = {
        name: fields.name ?? current.name,
        timeZone: fields.timeZone !== undefined ? fields.timeZone : current.timeZone,
        alwaysOpen: fields.alwaysOpen ?? current.alwaysOpen,
        weekly: fields.weekly ?? current.weekly,
        closures: fields.closures ?? current.closures,
      };
      return saveCalendar(tx, meta, current, next, 'sla.calendar.update', { fields: Object.keys(fields) });
    })
    .catch((err) => nameTaken(err, 'calendar'));
}

export async function importClosures(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  input: { format: 'csv' | 'ical'; content: string; version: number },
) {
  return ctx.database.db.transaction(async (tx) => {
    const current = await findCalendar(tx, id);
    if (!current) throw new NotFound('There is no such calendar.');
    if (current.version !== input.version)
      throw new Conflict('Someone else changed this calendar; reload it and try again.');
    if (current.alwaysOpen)
      throw new Invalid('A 24x7 calendar never closes: import holidays into a business-hours calendar.');
    const zone = current.timeZone ?? 'UTC';
    const parsed = input.format === 'csv' ? closuresFromCsv(input.content) : closuresFromICalendar(input.content, zone);
    if (parsed.problems.length)
      throw new Invalid(
        'Nothing was imported: fix these lines first.',
        parsed.problems.map((p) => ({ ...p, field: `body.content: ${p.field}` })),
      );
    const closures = mergeClosures(current.closures, parsed.closures);
    const added = closures.length - current.closures.length;
    const calendar = await saveCalendar(tx, meta, current, { ...current, closures }, 'sla.calendar.import-closures', {
      format: input.format,
      added,
    });
    return { added, calendar };
  });
}

export async function deleteCalendar(ctx: AppContext, meta: RequestMeta, id: string) {
  await ctx.database.db.transaction(async (tx) => {
    const current = await findCalendar(tx, id);
    if (!current) throw new NotFound('There is no such calendar.');
    const users = (await listPolicies(tx)).filter((p) => p.calendarId === id);
    if (users.length)
      throw new Conflict(`Policies use this calendar: ${users.map((p) => p.name).join(', ')}. Move them first.`);
    if (await calendarMeasuredTickets(tx, id))
      throw new Conflict('Tickets were measured on this calendar; it is kept for their history.');
    await deleteCalendarRow(tx, id);
    await recordAudit(tx, meta, {
      action: 'sla.calendar.delete',
      targetType: 'sla_calendar',
      targetId: id,
      summary: { name: current.name },
    });
  });
}

export async function listPolicyViews(ctx: AppContext) {
  const [calendars, policies] = await Promise.all([listCalendars(ctx.database.db), listPolicies(ctx.database.db)]);
  return policies.map((p) => policyView(p, calendars, policies));
}

async function checkPolicy(tx: Queryable, p: PolicyInput) {
  const problems = [...policyProblems(p as unknown as Policy), ...contractPauseProblems(p)];
  if (!(await findCalendar(tx, p.calendarId))) problems.push({ field: 'calendarId', message: 'is not a calendar' });
  if (problems.length) throw new Invalid('The policy is not usable.', prefixed(problems));
}

export async function createPolicy(ctx: AppContext, meta: RequestMeta, input: PolicyInput) {
  return ctx.database.db
    .transaction(async (tx) => {
      await checkPolicy(tx, input);
      const row = await insertPolicy(tx, { id: newId(), ...input });
      const recomputed = await requestRecompute(tx);
      await recordAudit(tx, meta, {
        action: 'sla.policy.create',
        targetType: 'sla_policy',
        targetId: row.id,
        summary: { name: input.name, recomputed },
      });
      return policyView(row, await listCalendars(tx), await listPolicies(tx));
    })
    .catch((err) => nameTaken(err, 'policy'));
}

export async function updatePolicy(ctx: AppContext, meta: RequestMeta, id: string, patch: PolicyPatch) {
  return ctx.database.db
    .transaction(async (tx) => {
      const current = await findPolicy(tx, id);
      if (!current) throw new NotFound('There is no such policy.');
      if (current.version !== patch.version)
        throw new Conflict('Someone else changed this policy; reload it and try again.');
      const { version: _v, ...fields } = patch;
      const next: PolicyInput = {
        name: fields.name ?? current.name,
        description: fields.description ?? current.description,
        position: fields.position ?? current.position,
        active: fields.active ?? current.active,
        match: fields.match ?? (current.match as PolicyInput['match']),
        calendarId: fields.calendarId ?? current.calendarId,
        targets: fields.targets ?? current.targets,
        pauseStatuses: fields.pauseStatuses ?? current.pauseStatuses,
        atRiskPercent: fields.atRiskPercent ?? current.atRiskPercent,
        pauseOnVendorNeedsInfo: fields.pauseOnVendorNeedsInfo ?? current.pauseOnVendorNeedsInfo,
      };
      await checkPolicy(tx, next);
      const row = await updatePolicyAt(tx, current, { ...next, version: current.version + 1, updatedAt: new Date() });
      if (!row) throw new Conflict('Someone else changed this policy; reload it and try again.');
      const recomputed = await requestRecompute(tx);
      await recordAudit(tx, meta, {
        action: 'sla.policy.update',
        targetType: 'sla_policy',
        targetId: id,
        summary: { fields: Object.keys(fields), recomputed },
      });
      return policyView(row, await listCalendars(tx), await listPolicies(tx));
    })
    .catch((err) => nameTaken(err, 'policy'));
}

export async function deletePolicy(ctx: AppContext, meta: RequestMeta, id: string) {
  await ctx.database.db.transaction(async (tx) => {
    const current = await findPolicy(tx, id);
    if (!current) throw new NotFound('There is no such policy.');
    if (await policyMeasuredTickets(tx, id)) {
      throw new Conflict('Tickets were measured under this policy; deactivate it instead (active: false).');
    }
    await deletePolicyRow(tx, id);
    const recomputed = await requestRecompute(tx);
    await recordAudit(tx, meta, {
      action: 'sla.policy.delete',
      targetType: 'sla_policy',
      targetId: id,
      summary: { name: current.name, recomputed },
    });
  });
}
