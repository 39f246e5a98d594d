// The go-live command center's use cases (docs/golive.md), one transaction each (change + audit + outbox event):
// events and zones, the roster (shifts, check-in/out), logging an issue at the elbow (a ticket opened through the
// tickets' core on the go_live channel), duplicates, known issues, and the board, roll-ups and huddle report.
import type { Actor, ActorMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { isStaff, type Role, STAFF_ROLES } from '../../platform/auth/roles.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { isPgError, PG } from '../../platform/db/errors.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { findPerson, personOfUser } from '../directory/service.ts';
import { loadVisibleArticle } from '../knowledge/service/read.ts';
import { phiKinds } from '../privacy/rules.ts';
import { formatTicketNumber, parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { linkTickets } from '../tickets/service/links-and-files.ts';
import { openTicketTx } from '../tickets/service/open-ticket.ts';
import { findTicketByNumber } from '../tickets/service/reads.ts';
import {
  assertNoClash,
  checkInProblem,
  checkOutProblem,
  commandCenterOpen,
  DAY_MS,
  EARLY_CHECK_IN_MS,
  goLiveDay,
  HOUR_MS,
  hoursOnDay,
  isOnFloor,
  ROLLUP_DIMENSIONS,
  type RollupDimension,
  type RollupRow,
  rollUp,
  shiftTimesProblem,
  staffingHints,
  trendSinceGoLive,
} from './rules.ts';
import type {
  EventInput,
  EventPatch,
  EventView,
  IssueInput,
  KnownIssueInput,
  ShiftInput,
  ZoneInput,
  ZonePatch,
} from './schemas.ts';
import * as store from './store.ts';

/** Who hears the command center's live events: desk staff (the board and roster are theirs). */
const DESK_ROLES: Role[] = STAFF_ROLES;
/** Known issues hold no patient details (checked when published): every person who signs in hears them. */
const EVERYONE: Role[] = ['requester', ...DESK_ROLES];

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

// ---- Events ----

export async function listGoLives(ctx: AppContext, now = new Date()) {
  const db = ctx.database.db;
  const events = await store.listEvents(db);
  return Promise.all(events.map(async (e) => summaryOf(e, await store.facilitiesByIds(db, e.facilityIds), now)));
}

function summaryOf(e: store.EventRow, facilities: { id: string; name: string }[], now: Date) {
  const day = goLiveDay(e, now);
  return {
    id: e.id,
    name: e.name,
    facilities: facilities.map((f) => ({ id: f.id, name: f.name })),
    timeZone: e.timeZone,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    roundTheClockDays: e.roundTheClockDays,
    scaledOpenHour: e.scaledOpenHour,
    scaledCloseHour: e.scaledCloseHour,
    phoneLines: e.phoneLines,
    version: e.version,
    day,
    commandCenterOpen: commandCenterOpen(e, now),
    hoursToday: now < e.startsAt ? 'Not started' : now >= e.endsAt ? 'Ended' : hoursOnDay(e, day),
  };
}

export async function goLiveView(db: Queryable, id: string, now = new Date()): Promise<EventView> {
  const e = await loadEvent(db, id);
  const [facilities, zones] = await Promise.all([store.facilitiesByIds(db, e.facilityIds), store.zonesOf(db, id)]);
  return {
    ...summaryOf(e, facilities, now),
    zones: zones.map((z) => ({
      id: z.id,
      name: z.name,
      version: z.version,
      leader: z.leader_id ? { id: z.leader_id, name: z.leader_name ?? '' } : null,
      units: z.units ?? [],
    })),
  };
}

async function loadEvent(db: Queryable, id: string, forUpdate = false) {
  const e = await store.findEvent(db, id, forUpdate);
  if (!e) throw new NotFound('There is no such go-live.');
  return e;
}

function checkEventTimes(e: Pick<EventInput, 'startsAt' | 'endsAt' | 'scaledOpenHour' | 'scaledCloseHour'>) {
  if (e.endsAt <= e.startsAt)
    throw new Invalid('The go-live must end after it starts.', [
      { field: 'body.endsAt', message: 'is not after the start' },
    ]);
  if (e.scaledCloseHour <= e.scaledOpenHour)
    throw new Invalid('The command center must close after it opens (for example 07 to 23).', [
      { field: 'body.scaledCloseHour', message: 'is not after the opening hour' },
    ]);
}

export async function createGoLive(ctx: AppContext, meta: ActorMeta, input: EventInput) {
  checkEventTimes(input);
  return ctx.database.db.transaction(async (tx) => {
    const facilities = await store.facilitiesByIds(tx, input.facilityIds);
    const unknown = input.facilityIds.filter((id) => !facilities.some((f) => f.id === id));
    if (unknown.length > 0)
      throw new Invalid('One of the facilities is not in the directory.', [
        { field: 'body.facilityIds', message: `no facility ${unknown[0]}` },
      ]);
    const e = await store.insertEvent(tx, {
      id: newId(),
      name: input.name,
      facilityIds: [...new Set(input.facilityIds)],
      timeZone: input.timeZone ?? facilities[0]!.time_zone,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      roundTheClockDays: input.roundTheClockDays,
      scaledOpenHour: input.scaledOpenHour,
      scaledCloseHour: input.scaledCloseHour,
      phoneLines: phoneLinesOf(input.phoneLines),
    });
    await recordAudit(tx, meta, {
      action: 'golive.create',
      targetType: 'golive',
      targetId: e.id,
      summary: { name: e.name },
    });
    await announce(tx, meta, 'golive.created', e.id, { name: e.name });
    return goLiveView(tx, e.id);
  });
}

/** Someone else changed the go-live (or the zone) after the editor read it: nothing is written. */
function stale(what: string, current: number) {
  return new Conflict(
    `Someone else changed ${what} while you were editing it (it is now at version ${current}). ` +
      'Reload to see their changes, then make yours again.',
    [{ field: 'body.version', message: `is stale; the current version is ${current}` }],
  );
}

export async function updateGoLive(ctx: AppContext, meta: ActorMeta, id: string, patch: EventPatch) {
  const { version, ...changes } = patch;
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, id, true);
    if (version !== undefined && version !== e.version) throw stale(`the go-live ${e.name}`, e.version);
    const next = { ...e, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    checkEventTimes(next);
    if (changes.facilityIds) {
      changes.facilityIds = [...new Set(changes.facilityIds)];
      await checkFacilities(tx, e.id, changes.facilityIds);
    }
    if (changes.startsAt || changes.endsAt) {
      const outside = await store.shiftsOutside(tx, id, next.startsAt, next.endsAt);
      if (outside > 0)
        throw new Conflict(
          `${outside === 1 ? 'One shift' : `${outside} shifts`} on the roster would fall outside the new dates: ` +
            'move or remove them on the roster first.',
          [{ field: changes.startsAt ? 'body.startsAt' : 'body.endsAt', message: 'leaves shifts outside the go-live' }],
        );
    }
    await store.updateEvent(tx, id, {
      ...changes,
      ...(changes.phoneLines ? { phoneLines: phoneLinesOf(changes.phoneLines) } : {}),
    });
    await recordAudit(tx, meta, {
      action: 'golive.update',
      targetType: 'golive',
      targetId: id,
      summary: { ...changes },
    });
    await announce(tx, meta, 'golive.updated', id, { name: next.name });
    return goLiveView(tx, id);
  });
}

/** Lines as the phone system names them, trimmed, each once. */
const phoneLinesOf = (lines: readonly string[]) => [...new Set(lines.map((l) => l.trim()).filter(Boolean))];

/**
 * The go-live whose phone line `dialledLine` is, running at `at` (its support started and not ended), for the
 * routing of a call (docs/routing.md, "Go-live lines"); null when none. Lines compare trimmed, case-insensitively.
 */
export async function goLiveLineAt(db: Queryable, dialledLine: string, at: Date) {
  const line = dialledLine.trim();
  if (!line) return null;
  return (await store.eventWithLineAt(db, line, at)) ?? null;
}

/** The facilities exist, and no zone keeps a unit of a facility taken off the go-live. */
async function checkFacilities(tx: Queryable, eventId: string, facilityIds: string[]) {
  const facilities = await store.facilitiesByIds(tx, facilityIds);
  if (facilities.length < facilityIds.length)
    throw new Invalid('One of the facilities is not in the directory.', [
      { field: 'body.facilityIds', message: 'names an unknown facility' },
    ]);
  const stranded = await store.zoneUnitsOutside(tx, eventId, facilityIds);
  if (stranded.length > 0)
    throw new Conflict(
      `${stranded[0]!.unit} (zone ${stranded[0]!.zone}) is in a facility you took off this go-live: ` +
        'take it out of the zone first.',
      [{ field: 'body.facilityIds', message: `${stranded[0]!.unit} is still in zone ${stranded[0]!.zone}` }],
    );
}

async function announce(
  tx: Queryable,
  meta: ActorMeta,
  type: string,
  eventId: string,
  payload: Record<string, unknown>,
) {
  await appendEvent(tx, {
    type,
    subjectType: 'golive',
    subjectId: eventId,
    actorId: meta.actor.userId,
    payload: { eventId, ...payload },
    audience: { roles: DESK_ROLES },
  });
}

// ---- Zones ----

async function checkZone(tx: Queryable, e: store.EventRow, zoneId: string, input: ZonePatch) {
  if (input.leaderPersonId && !(await findPerson(tx, input.leaderPersonId)))
    throw new Invalid('The zone leader is not in the directory.', [
      { field: 'body.leaderPersonId', message: 'is not a known person' },
    ]);
  const unitIds = [...new Set(input.unitIds ?? [])];
  const found = await store.unitsByIds(tx, unitIds);
  const unknown = unitIds.find((id) => !found.some((u) => u.id === id));
  if (unknown)
    throw new Invalid('One of the units is not in the directory.', [
      { field: 'body.unitIds', message: `no unit ${unknown}` },
    ]);
  const elsewhere = found.find((u) => !e.facilityIds.includes(u.facility_id));
  if (elsewhere)
    throw new Invalid(`${elsewhere.name} is not in a facility going live in ${e.name}.`, [
      { field: 'body.unitIds', message: `${elsewhere.name} is in another facility` },
    ]);
  const taken = await store.unitsInOtherZones(tx, e.id, zoneId, unitIds);
  if (taken.length > 0)
    throw new Conflict(`${taken[0]!.unit} is already in zone ${taken[0]!.zone}. A unit belongs to one zone.`, [
      { field: 'body.unitIds', message: `${taken[0]!.unit} is in ${taken[0]!.zone}` },
    ]);
  return unitIds;
}

async function zoneNameTaken<T>(work: () => Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isPgError(err, PG.uniqueViolation))
      throw new Conflict(`There is already a zone called ${name} in this go-live.`, [
        { field: 'body.name', message: 'is taken' },
      ]);
    throw err;
  }
}

export async function createZone(ctx: AppContext, meta: ActorMeta, eventId: string, input: ZoneInput) {
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, eventId, true);
    const id = newId();
    const unitIds = await checkZone(tx, e, id, input);
    if (await store.findZoneByName(tx, eventId, input.name))
      throw new Conflict(`There is already a zone called ${input.name} in this go-live.`, [
        { field: 'body.name', message: 'is taken' },
      ]);
    await store.insertZone(tx, { id, eventId, name: input.name, leaderPersonId: input.leaderPersonId ?? null });
    await store.setZoneUnits(tx, eventId, id, unitIds);
    await recordAudit(tx, meta, {
      action: 'golive_zone.create',
      targetType: 'golive_zone',
      targetId: id,
      summary: { event: eventId, name: input.name, units: unitIds.length },
    });
    await announce(tx, meta, 'golive.updated', eventId, { zone: input.name });
    return (await goLiveView(tx, eventId)).zones.find((z) => z.id === id)!;
  });
}

export async function updateZone(ctx: AppContext, meta: ActorMeta, eventId: string, zoneId: string, input: ZonePatch) {
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, eventId, true);
    const zone = await store.findZone(tx, zoneId, true);
    if (!zone || zone.eventId !== eventId) throw new NotFound('There is no such zone in this go-live.');
    if (input.version !== undefined && input.version !== zone.version)
      throw stale(`the zone ${zone.name}`, zone.version);
    const unitIds = await checkZone(tx, e, zoneId, input);
    await zoneNameTaken(
      () =>
        store.updateZone(tx, zoneId, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.leaderPersonId !== undefined ? { leaderPersonId: input.leaderPersonId } : {}),
        }),
      input.name,
    );
    if (input.unitIds !== undefined) await store.setZoneUnits(tx, eventId, zoneId, unitIds);
    await recordAudit(tx, meta, {
      action: 'golive_zone.update',
      targetType: 'golive_zone',
      targetId: zoneId,
      summary: { event: eventId, ...input },
    });
    await announce(tx, meta, 'golive.updated', eventId, { zone: input.name ?? zone.name });
    return (await goLiveView(tx, eventId)).zones.find((z) => z.id === zoneId)!;
  });
}

/** Removes a zone that holds no shift and no issue yet (those are the go-live's record: rename it instead). */
export async function deleteZone(
  ctx: AppContext,
  meta: ActorMeta,
  eventId: string,
  zoneId: string,
  version: number | undefined,
) {
  return ctx.database.db.transaction(async (tx) => {
    await loadEvent(tx, eventId, true);
    const zone = await store.findZone(tx, zoneId, true);
    if (!zone || zone.eventId !== eventId) throw new NotFound('There is no such zone in this go-live.');
    if (version !== undefined && version !== zone.version) throw stale(`the zone ${zone.name}`, zone.version);
    const used = await store.zoneUsage(tx, zoneId);
    if (used.shifts > 0 || used.issues > 0)
      throw new Conflict(
        `${zone.name} cannot be removed: it has ${used.shifts} shift(s) on the roster and ${used.issues} issue(s) ` +
          'logged. Rename it or change its units instead.',
      );
    await store.deleteZone(tx, zoneId);
    await recordAudit(tx, meta, {
      action: 'golive_zone.delete',
      targetType: 'golive_zone',
      targetId: zoneId,
      summary: { event: eventId, name: zone.name },
    });
    await announce(tx, meta, 'golive.updated', eventId, { zone: zone.name });
  });
}

// ---- Roster ----

export async function addShift(ctx: AppContext, meta: ActorMeta, eventId: string, input: ShiftInput) {
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, eventId);
    if (input.zoneId) {
      const zone = await store.findZone(tx, input.zoneId);
      if (!zone || zone.eventId !== eventId)
        throw new Invalid('That zone is not part of this go-live.', [
          { field: 'body.zoneId', message: 'is not a zone of this go-live' },
        ]);
    }
    const person = await findPerson(tx, input.personId);
    if (!person)
      throw new Invalid('That person is not in the directory.', [
        { field: 'body.personId', message: 'is not a known person' },
      ]);
    const problem = shiftTimesProblem(input, e);
    if (problem) throw new Invalid(problem, [{ field: 'body.endsAt', message: problem }]);
    const providerId = input.providerId === undefined ? person.providerOrgId : input.providerId;
    if (providerId && !(await store.providerName(tx, providerId)))
      throw new Invalid('That provider is not in the directory.', [
        { field: 'body.providerId', message: 'is not a known provider' },
      ]);
    await store.lockPerson(tx, person.id);
    const id = newId();
    const existing = await store.personShiftsAround(tx, person.id, input.startsAt, input.endsAt);
    assertNoClash({ id, personId: person.id, startsAt: input.startsAt, endsAt: input.endsAt }, existing, e.timeZone);
    await store.insertShift(tx, {
      id,
      eventId,
      zoneId: input.zoneId ?? null,
      personId: person.id,
      providerId: providerId ?? null,
      role: input.role,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    });
    await recordAudit(tx, meta, {
      action: 'golive_shift.create',
      targetType: 'golive_shift',
      targetId: id,
      summary: { event: eventId, person: person.id, zone: input.zoneId ?? null, role: input.role },
    });
    await announce(tx, meta, 'golive.roster_changed', eventId, { shift: id });
    return shiftOf(tx, eventId, id);
  });
}

async function shiftOf(tx: Queryable, eventId: string, id: string, now = new Date()) {
  const s = await store.findShift(tx, id);
  const rows = await store.rosterOf(tx, eventId, s!.startsAt, s!.endsAt);
  return shiftView(rows.find((r) => r.id === id)!, now);
}

function shiftView(r: store.RosterRow, now: Date) {
  const state = {
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    checkedInAt: r.checked_in_at ? new Date(r.checked_in_at) : null,
    checkedOutAt: r.checked_out_at ? new Date(r.checked_out_at) : null,
  };
  return {
    id: r.id,
    person: { id: r.person_id, name: r.person },
    provider: r.provider,
    zone: r.zone,
    zoneId: r.zone_id,
    role: r.role,
    startsAt: state.startsAt.toISOString(),
    endsAt: state.endsAt.toISOString(),
    checkedInAt: iso(state.checkedInAt),
    checkedOutAt: iso(state.checkedOutAt),
    onFloor: isOnFloor(state, now),
  };
}

async function loadShift(tx: Queryable, eventId: string, shiftId: string) {
  const s = await store.findShift(tx, shiftId, true);
  if (!s || s.eventId !== eventId) throw new NotFound('There is no such shift in this go-live.');
  return s;
}

/** Only the person on the shift checks themself in and out, or whoever manages the go-live. */
async function mayActOnShift(tx: Queryable, actor: Actor, s: store.ShiftRow, manage: boolean) {
  if (manage) return;
  const me = await personOfUser(tx, actor.userId);
  if (me?.id !== s.personId) throw new Forbidden('You can check in and out of your own shifts only.');
}

export async function removeShift(ctx: AppContext, meta: ActorMeta, eventId: string, shiftId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const s = await loadShift(tx, eventId, shiftId);
    if (s.checkedInAt)
      throw new Conflict('This shift was already checked in: it stays on the roster as a record of who was there.');
    await store.deleteShift(tx, shiftId);
    await recordAudit(tx, meta, {
      action: 'golive_shift.delete',
      targetType: 'golive_shift',
      targetId: shiftId,
      summary: { event: eventId },
    });
    await announce(tx, meta, 'golive.roster_changed', eventId, { shift: shiftId });
  });
}

export async function checkShift(
  ctx: AppContext,
  meta: ActorMeta,
  eventId: string,
  shiftId: string,
  what: 'in' | 'out',
  manage: boolean,
  now = new Date(),
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = await loadShift(tx, eventId, shiftId);
    await mayActOnShift(tx, meta.actor, s, manage);
    const problem = what === 'in' ? checkInProblem(s, now) : checkOutProblem(s, now);
    if (problem) throw new Conflict(problem);
    await store.setShiftTimes(tx, shiftId, what === 'in' ? { checkedInAt: now } : { checkedOutAt: now });
    await recordAudit(tx, meta, {
      action: what === 'in' ? 'golive_shift.check_in' : 'golive_shift.check_out',
      targetType: 'golive_shift',
      targetId: shiftId,
      summary: { event: eventId, person: s.personId },
    });
    await announce(tx, meta, 'golive.roster_changed', eventId, { shift: shiftId, checked: what });
    return shiftOf(tx, eventId, shiftId, now);
  });
}

export async function rosterAt(ctx: AppContext, eventId: string, at = new Date()) {
  const db = ctx.database.db;
  await loadEvent(db, eventId);
  // The shifts of the day around `at` (12 hours either side), and who is on the floor at `at`.
  const rows = await store.rosterOf(
    db,
    eventId,
    new Date(at.getTime() - 12 * HOUR_MS),
    new Date(at.getTime() + 12 * HOUR_MS),
  );
  const shifts = rows.map((r) => shiftView(r, at));
  const zones = new Map<string | null, typeof shifts>();
  for (const s of shifts.filter((x) => x.onFloor)) zones.set(s.zone, [...(zones.get(s.zone) ?? []), s]);
  return {
    at: at.toISOString(),
    shifts,
    onFloor: [...zones.entries()].map(([zone, people]) => ({ zone, people })),
  };
}

// ---- Issues logged at the elbow ----

/**
 * An ATE person or super-user logs an issue from a phone. Desk staff may resolve it on the spot: it is opened and
 * resolved on first contact through the tickets' core (the same path as a call resolved while on the line), with the
 * provider of the person's shift credited. Otherwise it goes to the command center (the application's team).
 */
export async function logIssue(ctx: AppContext, meta: ActorMeta, eventId: string, input: IssueInput, now = new Date()) {
  const actor = meta.actor;
  const staff = isStaff(actor.role);
  if (input.resolveNow && !staff)
    throw new Forbidden('Only support staff can resolve an issue on the spot; send it to the command center instead.');
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, eventId);
    if (now >= e.endsAt) throw new Conflict(`${e.name} has ended: log the issue as an ordinary ticket.`);
    const zone = await store.zoneOfUnit(tx, eventId, input.unitId);
    if (!zone)
      throw new Invalid('That unit is not in any zone of this go-live.', [
        { field: 'body.unitId', message: 'is not in a zone of this go-live' },
      ]);
    const me = await personOfUser(tx, actor.userId);
    const shift = me ? await store.currentShiftOf(tx, eventId, me.id, now, EARLY_CHECK_IN_MS) : undefined;
    // A super-user (no desk account) logs only while on a shift of this go-live.
    if (!staff && !shift) throw new Forbidden('You can log go-live issues only during one of your go-live shifts.');
    const requester = await requesterOf(tx, staff, me, input.requesterId);
    const providerId = shift?.provider_id ?? me?.providerOrgId ?? null;
    const credited = input.resolveNow && providerId ? await store.groupOfProvider(tx, providerId) : undefined;
    const { ticket, phiWarnings } = await openTicketTx(tx, meta, {
      requester: { id: requester.id, userId: requester.userId },
      opener: { userId: actor.userId, displayName: actor.displayName, staff },
      channel: 'go_live',
      fields: {
        type: input.category === 'how_to' ? 'how_to' : 'incident',
        summary: input.summary,
        description: input.description,
        unitId: input.unitId,
        serviceId: input.serviceId ?? null,
        moduleId: input.moduleId ?? null,
        patientCareAffected: input.patientCareAffected,
        resolveNow: input.resolveNow,
      },
      assignToOpener: staff && input.resolveNow !== undefined,
      queue: credited ? { groupId: credited.group_id, providerId: credited.provider_id } : null,
      note: { goLive: eventId, zone: zone.zone, category: input.category },
    });
    await store.insertIssue(tx, {
      ticketId: ticket.id,
      eventId,
      zoneId: zone.zone_id,
      category: input.category,
      loggedByPersonId: me?.id ?? null,
      resolvedOnSpot: input.resolveNow !== undefined,
    });
    await recordAudit(tx, meta, {
      action: 'golive.issue_log',
      targetType: 'ticket',
      targetId: ticket.id,
      summary: { event: eventId, zone: zone.zone, category: input.category, onSpot: Boolean(input.resolveNow) },
    });
    // The board and the roll-ups update live; the event carries no ticket text.
    await announce(tx, meta, 'golive.issue_logged', eventId, {
      number: formatTicketNumber(ticket.number),
      zone: zone.zone,
      category: input.category,
      resolvedOnSpot: Boolean(input.resolveNow),
      patientCareAffected: input.patientCareAffected,
    });
    return {
      number: formatTicketNumber(ticket.number),
      status: ticket.status,
      resolvedOnSpot: Boolean(input.resolveNow),
      zone: zone.zone,
      provider: await store.providerName(tx, ticket.providerId),
      phiWarnings,
    };
  });
}

async function requesterOf(
  tx: Queryable,
  staff: boolean,
  me: Awaited<ReturnType<typeof personOfUser>>,
  requested: string | undefined,
) {
  if (requested) {
    const named = await findPerson(tx, requested);
    // A super-user logs for the staff of their own unit only (as when opening a ticket for them).
    if (named && (staff || (me?.superUser && named.unitId === me.unitId))) return named;
    throw new Invalid('No such clinician you can log an issue for.', [
      { field: 'body.requesterId', message: 'is not a known person you may log for' },
    ]);
  }
  if (!me)
    throw new Invalid('Your account has no person in the directory: name the clinician you helped.', [
      { field: 'body.requesterId', message: 'is required' },
    ]);
  return me;
}

/** Marks a go-live issue as a duplicate of another (the ticket link `duplicate_of`); the board folds it under it. */
export async function markDuplicate(ctx: AppContext, meta: ActorMeta, eventId: string, number: string, of: string) {
  const db = ctx.database.db;
  await loadEvent(db, eventId);
  const [n, o] = [parseTicketNumber(number), parseTicketNumber(of)];
  const ticket = n === null ? undefined : await findTicketByNumber(db, n);
  if (!ticket || !(await store.isGoLiveTicket(db, eventId, ticket.id)))
    throw new NotFound(`There is no issue ${number} on this go-live's board.`);
  if (o === null || !(await findTicketByNumber(db, o)))
    throw new Invalid(`There is no ticket ${of}.`, [{ field: 'body.of', message: 'is not a known ticket' }]);
  return linkTickets(ctx, meta, n!, { kind: 'duplicate_of', other: of });
}

// ---- Known issues ----

export async function publishKnownIssue(ctx: AppContext, meta: ActorMeta, eventId: string, input: KnownIssueInput) {
  const phi = phiKinds(`${input.title}\n${input.workaround}`);
  if (phi.length > 0)
    throw new Invalid(
      'A known issue is shown to every clinician: remove the patient details from it (it looks like it has ' +
        `${phi.join(', ').replaceAll('_', ' ')}).`,
      [{ field: 'body.workaround', message: 'looks like it holds patient details' }],
    );
  return ctx.database.db.transaction(async (tx) => {
    const e = await loadEvent(tx, eventId);
    let ticketId: string | null = null;
    if (input.ticket) {
      const n = parseTicketNumber(input.ticket);
      const t = n === null ? undefined : await findTicketByNumber(tx, n);
      if (!t || !(await store.isGoLiveTicket(tx, eventId, t.id)))
        throw new Invalid(`${input.ticket} is not an issue of this go-live.`, [
          { field: 'body.ticket', message: 'is not on this board' },
        ]);
      ticketId = t.id;
    }
    let articleId: string | null = null;
    if (input.article !== undefined) {
      const { article } = await loadVisibleArticle(tx, meta.actor, input.article);
      if (article.status !== 'published')
        throw new Invalid('The tip sheet must be a published article, so that everyone can open it.', [
          { field: 'body.article', message: 'is not published' },
        ]);
      articleId = article.id;
    }
    const k = await store.insertKnownIssue(tx, {
      id: newId(),
      eventId,
      title: input.title,
      workaround: input.workaround,
      ticketId,
      articleId,
      publishedBy: meta.actor.userId,
    });
    await recordAudit(tx, meta, {
      action: 'golive.known_issue_publish',
      targetType: 'golive_known_issue',
      targetId: k.id,
      summary: { event: eventId, title: input.title },
    });
    const view = (await store.knownIssues(tx, { eventId })).map(knownIssueView).find((x) => x.id === k.id)!;
    // Broadcast: every ATE person's phone and every portal shows it at once (no patient details: checked above).
    await appendEvent(tx, {
      type: 'golive.known_issue',
      subjectType: 'golive',
      subjectId: e.id,
      actorId: meta.actor.userId,
      payload: view,
      audience: { roles: EVERYONE },
    });
    return view;
  });
}

export async function retireKnownIssue(ctx: AppContext, meta: ActorMeta, eventId: string, id: string) {
  return ctx.database.db.transaction(async (tx) => {
    await loadEvent(tx, eventId);
    const k = await store.retireKnownIssue(tx, id, new Date());
    if (!k || k.eventId !== eventId) throw new NotFound('There is no current known issue like that in this go-live.');
    await recordAudit(tx, meta, {
      action: 'golive.known_issue_retire',
      targetType: 'golive_known_issue',
      targetId: id,
      summary: { event: eventId },
    });
    await appendEvent(tx, {
      type: 'golive.known_issue_retired',
      subjectType: 'golive',
      subjectId: eventId,
      actorId: meta.actor.userId,
      payload: { id, eventId },
      audience: { roles: EVERYONE },
    });
  });
}

function knownIssueView(r: store.KnownIssueRow) {
  return {
    id: r.id,
    eventId: r.event_id,
    event: r.event,
    title: r.title,
    workaround: r.workaround,
    ticket: r.ticket === null ? null : formatTicketNumber(Number(r.ticket)),
    article: r.article_number === null ? null : { number: Number(r.article_number), title: r.article_title ?? '' },
    publishedAt: iso(r.published_at)!,
    retiredAt: iso(r.retired_at),
  };
}

export async function knownIssuesOf(ctx: AppContext, eventId: string) {
  await loadEvent(ctx.database.db, eventId);
  return (await store.knownIssues(ctx.database.db, { eventId })).map(knownIssueView);
}

/** The current known issues of every go-live running now: the portal's banner and the ATE phones. */
export async function currentKnownIssues(ctx: AppContext, now = new Date()) {
  return (await store.knownIssues(ctx.database.db, { liveAt: now })).map(knownIssueView);
}

// ---- Board, roll-ups, huddle ----

function boardItem(r: store.BoardRow) {
  return {
    number: formatTicketNumber(Number(r.number)),
    summary: r.summary,
    status: r.status,
    priority: r.priority,
    category: r.category,
    zone: r.zone,
    unit: r.unit,
    application: r.application,
    module: r.module,
    owner: { group: r.group_name, provider: r.provider, assignee: r.assignee },
    patientCareAffected: r.patient_care_affected,
    resolvedOnSpot: r.resolved_on_spot,
    duplicateOf: r.duplicate_of === null ? null : formatTicketNumber(Number(r.duplicate_of)),
    duplicates: Number(r.duplicates),
    loggedBy: r.logged_by,
    createdAt: iso(r.created_at)!,
  };
}

export async function boardOf(ctx: AppContext, eventId: string, now = new Date()) {
  const db = ctx.database.db;
  const e = await loadEvent(db, eventId);
  const [{ open, resolved }, counts] = await Promise.all([
    store.boardOf(db, eventId, 500),
    store.boardCounts(db, eventId, new Date(now.getTime() - DAY_MS)),
  ]);
  return {
    event: { id: e.id, name: e.name },
    open: open.map(boardItem),
    recentlyResolved: resolved.map(boardItem),
    counts: { open: counts.open, patientCareAffected: counts.patient_care, resolvedOnSpotToday: counts.on_spot },
  };
}

export async function rollupOf(
  ctx: AppContext,
  eventId: string,
  q: { by: RollupDimension; hours: number },
  now = new Date(),
) {
  const db = ctx.database.db;
  const e = await loadEvent(db, eventId);
  const to = new Date(Math.min(now.getTime(), e.endsAt.getTime()));
  const from = new Date(Math.max(e.startsAt.getTime(), to.getTime() - q.hours * HOUR_MS));
  const all = await store.hourCells(db, eventId, e.startsAt, to);
  const recent = all.filter((c) => c.hour.getTime() >= from.getTime() - (from.getTime() % HOUR_MS));
  return {
    by: q.by,
    from: from.toISOString(),
    to: to.toISOString(),
    hours: rollUp(recent, q.by),
    trend: trendSinceGoLive(all, e, to),
  };
}

/** Each dimension's rows added up over the whole period (the huddle's tables). */
function totalsBy(cells: Parameters<typeof rollUp>[0], by: RollupDimension): RollupRow[] {
  const flat = cells.map((c) => ({ ...c, hour: new Date(0) }));
  return rollUp(flat, by)[0]?.rows ?? [];
}

/** The huddle report: the last 24 hours for the daily meeting, with the trend, open patient-care issues, known
 *  issues and the staffing hints. */
export async function huddleOf(ctx: AppContext, eventId: string, at = new Date()) {
  const db = ctx.database.db;
  const e = await loadEvent(db, eventId);
  const to = at;
  const from = new Date(at.getTime() - DAY_MS);
  const [cells, all, patientCare, known, loads, counts] = await Promise.all([
    store.hourCells(db, eventId, from, to),
    store.hourCells(db, eventId, e.startsAt, to),
    store.openPatientCare(db, eventId),
    store.knownIssues(db, { eventId }),
    store.zoneLoads(db, eventId, at),
    store.boardCounts(db, eventId, from),
  ]);
  const [byZone, byCategory, byApplication] = ROLLUP_DIMENSIONS.map((d) => totalsBy(cells, d));
  return {
    event: { id: e.id, name: e.name, day: goLiveDay(e, at) },
    from: from.toISOString(),
    to: to.toISOString(),
    totals: {
      logged: cells.reduce((s, c) => s + c.logged, 0),
      resolvedOnSpot: cells.reduce((s, c) => s + c.resolvedOnSpot, 0),
      patientCareAffected: cells.reduce((s, c) => s + c.patientCareAffected, 0),
      openNow: counts.open,
    },
    byZone: byZone!,
    byCategory: byCategory!,
    byApplication: byApplication!,
    trend: trendSinceGoLive(all, e, at),
    openPatientCare: patientCare.map(boardItem),
    knownIssues: known.map(knownIssueView).filter((k) => k.retiredAt === null),
    staffing: staffingHints(loads),
    onFloor: loads.reduce((s, z) => s + z.checkedIn, 0),
  };
}
