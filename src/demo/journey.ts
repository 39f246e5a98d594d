// A ticket's path through the desk: answered by the Tier 1-Plus agent on shift (resolved on the call most of the
// time), or called back, or escalated to the covering Tier 2/3 group — some on to the EHR vendor (with its case
// number) or waiting for a change — then resolved, sometimes reopened, and closed when the reopen window ends.
import type { Tier } from '../domain/vocabulary.ts';
import { LIVE_CHANNELS, type ResolutionCode } from '../features/tickets/rules/vocabulary.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { DAY_MS, HOUR_MS, homeHour, nextOfficeHour } from './calendar.ts';
import type { Driver } from './drivers/driver.ts';
import { Timeline } from './history.ts';
import type { Person } from './people.ts';
import * as say from './texts.ts';
import type { Journey, TicketRow } from './ticket-facts.ts';
import { deskOnShift, holderOf, type World } from './world.ts';

const MINUTE = 60_000;
const REOPEN_WINDOW = 7 * DAY_MS;
/** How much faster higher priorities move, by priority. */
const PACE = [0, 0.15, 0.4, 1, 2] as const;
/** Median hours of work once a group has the ticket. */
const WORK_HOURS: Record<Tier, number> = { tier1: 4, tier2: 30, tier3: 16, vendor: 96 };

export function runJourney(world: World, rng: Rng, t: TicketRow, requester: Person, driver: Driver) {
  const tl = new Timeline(t.id, t.createdAt, world.now, (at) => uuidAt(rng, at));
  const pace = PACE[t.priority];
  const journey: Journey = { path: 'open' };
  const desk = (at: number) => deskOnShift(world, rng, at, requester.provider);
  const open = { channel: t.channel, priority: t.priority };
  let at = t.createdAt;
  let agent: string;

  const finish = (resolverId: string, code: ResolutionCode, note: string, publicReply: boolean) => {
    if (publicReply) tl.comment(at, resolverId, 'public', say.resolvedReply(note));
    tl.resolve(at, resolverId, code, note);
    if (rng.chance(journey.path === 'first_contact' ? 0.015 : 0.04)) {
      at += Math.min(REOPEN_WINDOW - HOUR_MS, HOUR_MS * rng.logNormal(20, 0.9));
      tl.reopen(at, requester.userId ?? desk(at).userId, rng.pick(say.REOPEN_REASONS));
      at += HOUR_MS * rng.logNormal(3, 0.8);
      tl.resolve(at, resolverId, code, note);
    }
    tl.close(at + REOPEN_WINDOW);
  };

  if (LIVE_CHANNELS.includes(t.channel) || t.channel === 'go_live') {
    const holder = desk(at);
    agent = holder.userId!;
    tl.open(at, agent, open);
    tl.assign(at, agent, holder, { kind: 'assign', reason: 'took it on first contact' });
    tl.responded(at);
    if (rng.chance(driver.fcr)) {
      journey.path = 'first_contact';
      at += MINUTE * Math.min(28, Math.max(2, rng.logNormal(handleMinutes(driver), 0.45)));
      if (rng.chance(0.2)) tl.comment(at - MINUTE, agent, 'internal', rng.pick(say.FCR_NOTES));
      const [code, note] = deskFix(rng, driver);
      finish(agent, code, note, false);
      return { timeline: tl, journey };
    }
    at += MINUTE * rng.logNormal(12, 0.4);
    tl.setStatus(at, agent, 'in_progress');
  } else {
    tl.open(at, t.channel === 'portal' ? requester.userId : null, open);
    tl.queue(holderOf(world, world.groups.get('days')!, null));
    at += MINUTE * rng.logNormal(45 * pace, 0.9) * (homeHour(at) < 7 || homeHour(at) >= 19 ? 2 : 1);
    const holder = desk(at);
    agent = holder.userId!;
    tl.assign(at, agent, holder, { kind: 'assign' });
    tl.setStatus(at, agent, 'in_progress');
    tl.comment(at, agent, 'public', rng.pick(say.ACKNOWLEDGEMENTS));
    if (rng.chance(driver.fcr * 0.8)) {
      journey.path = 'desk';
      at += MINUTE * rng.logNormal(25, 0.8);
      const [code, note] = deskFix(rng, driver);
      finish(agent, code, note, true);
      return { timeline: tl, journey };
    }
  }
  const publicReply = !LIVE_CHANNELS.includes(t.channel) || rng.chance(0.15);

  if (rng.chance(0.03)) {
    journey.path = 'cancelled';
    at += HOUR_MS * rng.logNormal(4, 1);
    const duplicate = rng.chance(0.4);
    finish(agent, duplicate ? 'duplicate' : 'cancelled', duplicate ? say.DUPLICATE_NOTE : say.CANCEL_NOTE, false);
    return { timeline: tl, journey };
  }

  const service = world.services.get(driver.service)!;
  const target = driver.escalateTo === 'tier2' ? service.tier2 : driver.escalateTo === 'tier3' ? service.tier3 : null;
  if (!target || rng.chance(0.2)) {
    journey.path = 'callback';
    if (LIVE_CHANNELS.includes(t.channel)) tl.callbackRequested(at, agent);
    if (rng.chance(0.4)) {
      at += MINUTE * rng.logNormal(10, 0.5);
      tl.comment(at, agent, 'internal', rng.pick(say.CALLBACK_NOTES));
      tl.setStatus(at, agent, 'pending_requester');
      at += HOUR_MS * rng.logNormal(8 * pace, 1);
      if (rng.chance(0.5)) tl.comment(at, requester.userId, 'public', rng.pick(say.REQUESTER_REPLIES));
      tl.setStatus(at, agent, 'in_progress');
    }
    at += HOUR_MS * rng.logNormal(WORK_HOURS.tier1 * pace, 0.9);
    const [code, note] = deskFix(rng, driver);
    finish(agent, code, note, publicReply);
    return { timeline: tl, journey };
  }

  // Escalation to the group that covers the service at that tier.
  const group = world.groups.get(target)!;
  const tier = group.tier;
  journey.path = tier;
  at += MINUTE * rng.logNormal(3, 0.5);
  tl.assign(at, agent, holderOf(world, group, null), {
    kind: 'escalate',
    reason: rng.pick(say.ESCALATION_REASONS[tier]),
  });
  at += HOUR_MS * rng.logNormal(1.5 * pace, 0.8);
  // Tier 2 and 3 pick up P3/P4 work in office hours; P1/P2 at any hour (on call).
  if (t.priority > 2) at = nextOfficeHour(at) + MINUTE * rng.int(0, 90);
  const owner = rng.pick(group.members);
  tl.assign(at, owner, holderOf(world, group, owner), { kind: 'assign' });
  const note = (text: string, who = owner) => tl.comment(at, who, 'internal', text);
  const wait = (ms: number) => {
    const checks = ms > DAY_MS && rng.chance(0.4) ? (rng.chance(0.3) ? 2 : 1) : 0;
    const times = Array.from({ length: checks }, () => at + rng.next() * ms).sort((a, b) => a - b);
    for (const when of times) {
      tl.comment(
        when,
        desk(when).userId,
        'internal',
        say.statusCheckNote(tl.holder?.tier === 'vendor' ? 'the EHR vendor' : group.name),
      );
    }
    at += ms;
  };
  if (rng.chance(0.5)) note(group.key === 'field' ? say.FIELD_NOTES[0]! : rng.pick(say.ANALYST_NOTES));

  if (driver.category === 'access') {
    tl.comment(at, owner, 'public', say.APPROVAL_NOTE);
    tl.setStatus(at, owner, 'pending_requester');
    wait(HOUR_MS * rng.logNormal(20, 0.9));
    note(say.APPROVED_NOTE);
    tl.setStatus(at, owner, 'in_progress');
  }

  if (driver.category !== 'access' && rng.chance(0.2)) {
    at += HOUR_MS * rng.logNormal(2, 0.8);
    tl.comment(at, owner, 'public', rng.pick(say.INFO_REQUESTS));
    tl.setStatus(at, owner, 'pending_requester');
    wait(HOUR_MS * rng.logNormal(30, 1));
    if (rng.chance(0.6)) tl.comment(at, requester.userId, 'public', rng.pick(say.REQUESTER_REPLIES));
    tl.setStatus(at, owner, 'in_progress');
  }

  let fix = rng.pick(driver.fixes);
  if (tier === 'tier2' && rng.chance(driver.vendorShare ?? 0)) {
    at += HOUR_MS * rng.logNormal(3, 0.8);
    const vendor = world.groups.get('vendor')!;
    const engineer = rng.pick(vendor.members);
    const vendorReference = say.vendorReference(rng, at);
    tl.assign(at, owner, holderOf(world, vendor, engineer), {
      kind: 'escalate',
      reason: rng.pick(say.ESCALATION_REASONS.vendor),
      vendorReference,
    });
    tl.setStatus(at, owner, 'pending_vendor');
    at += MINUTE * rng.logNormal(90, 0.8);
    note(say.VENDOR_NOTES[0]!, engineer);
    wait(DAY_MS * rng.logNormal(10, 0.7));
    note(rng.pick(say.VENDOR_NOTES.slice(1)), engineer);
    at += HOUR_MS * rng.logNormal(20, 1);
    tl.assign(at, engineer, holderOf(world, group, owner), { kind: 'return', reason: say.VENDOR_RETURN });
    tl.setStatus(at, engineer, 'in_progress');
    at += HOUR_MS * rng.logNormal(3, 0.8);
    fix = ['vendor_fix', `Vendor case ${vendorReference}: fix applied and confirmed with the requester.`];
  } else if (rng.chance(driver.changeShare ?? 0)) {
    at += HOUR_MS * rng.logNormal(4 * pace, 0.8);
    note(say.CHANGE_NOTES[0]!);
    tl.setStatus(at, owner, 'pending_change');
    wait(DAY_MS * (rng.chance(0.08) ? rng.logNormal(40, 0.5) : rng.logNormal(7, 0.6)));
    note(say.CHANGE_NOTES[1]!);
    tl.setStatus(at, owner, 'in_progress');
    at += HOUR_MS * rng.logNormal(2, 0.5);
    if (fix[0] === 'hardware_replaced') fix = ['configuration_fixed', 'Build change applied and verified.'];
  } else {
    // Some wait in the group's backlog for days (capacity, parts on order) before anyone can finish them.
    const backlog = rng.chance(0.15) ? DAY_MS * rng.logNormal(8, 0.6) : 0;
    wait(backlog + HOUR_MS * rng.logNormal(WORK_HOURS[tier] * pace, 0.9));
    if (group.key === 'field' && fix[0] === 'hardware_replaced') note(say.FIELD_NOTES[1]!);
  }
  finish(owner, fix[0], fix[1], publicReply);
  return { timeline: tl, journey };
}

function handleMinutes(driver: Driver): number {
  return driver.category === 'credentials' ? 5 : driver.category === 'how_to' ? 9 : 12;
}

/** A fix Tier 1-Plus can give itself: never a hardware swap. */
function deskFix(rng: Rng, driver: Driver): readonly [ResolutionCode, string] {
  const own = driver.fixes.filter(([code]) => code !== 'hardware_replaced');
  return own.length ? rng.pick(own) : ['workaround_given', 'Gave a workaround until a technician can visit.'];
}
