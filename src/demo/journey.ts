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
import { deskOnShift, type GroupInfo, holderOf, type World } from './world.ts';

const MINUTE = 60_000;
const REOPEN_WINDOW = 7 * DAY_MS;
/** How much faster higher priorities move, by priority. */
const PACE = [0, 0.15, 0.4, 1, 2] as const;
/** Median hours of work once a group has the ticket. */
const WORK_HOURS: Record<Tier, number> = { tier1: 4, tier2: 30, tier3: 16, vendor: 96 };
/**
 * The vendor's workspace must never be empty on a demo: at the vendor's rate a 1,500-ticket history (the tests')
 * left 0 or 1 open cases with the vendor depending on the hour it ended. So a Tier 2 ticket of the last weeks that could go to
 * the vendor at all goes there at least this often (the year's figures barely move: a few dozen tickets of 15,000).
 */
const RECENT_VENDOR_DAYS = 21;
const RECENT_VENDOR_SHARE = 0.8;

type Fix = readonly [ResolutionCode, string];
/** A ticket escalated to a group, and the group member who owns it there. */
type Escalation = { group: GroupInfo; owner: string };

/**
 * Generates one ticket's history. The steps below draw from `rng` in a fixed order (the demo must come out the same on
 * every run), so a change to any step changes every ticket generated after it.
 */
export function runJourney(world: World, rng: Rng, t: TicketRow, requester: Person, driver: Driver) {
  const walk = new Walk(world, rng, t, requester, driver);
  const live = LIVE_CHANNELS.includes(t.channel);
  const settled = live || t.channel === 'go_live' ? walk.takeLiveContact() : walk.takeFromQueue();
  if (settled) return walk.result();
  const publicReply = !live || rng.chance(0.15);
  if (rng.chance(0.03)) {
    walk.cancel();
    return walk.result();
  }
  const target = walk.escalationTarget();
  if (!target || rng.chance(0.2)) walk.callBack(publicReply);
  else walk.escalate(world.groups.get(target)!, publicReply);
  return walk.result();
}

/** One ticket on its way through the desk: the timeline written so far, the time reached, who has it. */
class Walk {
  readonly tl: Timeline;
  readonly journey: Journey = { path: 'open' };
  /** How fast this priority moves (PACE). */
  readonly pace: number;
  at: number;
  /** The Tier 1-Plus agent who took the ticket. */
  agent = '';

  constructor(
    readonly world: World,
    readonly rng: Rng,
    readonly t: TicketRow,
    readonly requester: Person,
    readonly driver: Driver,
  ) {
    this.tl = new Timeline(t.id, t.createdAt, world.now, (at) => uuidAt(rng, at));
    this.pace = PACE[t.priority];
    this.at = t.createdAt;
  }

  result() {
    return { timeline: this.tl, journey: this.journey };
  }

  /** A call, chat, walk-up or go-live contact: the agent on shift takes it and most often resolves it there. */
  takeLiveContact(): boolean {
    const { tl, rng, driver } = this;
    const holder = this.desk(this.at);
    this.agent = holder.userId!;
    tl.open(this.at, this.agent, this.opening());
    tl.assign(this.at, this.agent, holder, { kind: 'assign', reason: 'took it on first contact' });
    tl.responded(this.at);
    if (rng.chance(driver.fcr)) {
      this.journey.path = 'first_contact';
      this.at += MINUTE * Math.min(28, Math.max(2, rng.logNormal(handleMinutes(driver), 0.45)));
      if (rng.chance(0.2)) tl.comment(this.at - MINUTE, this.agent, 'internal', rng.pick(say.FCR_NOTES));
      this.resolveAtDesk(false);
      return true;
    }
    this.at += MINUTE * rng.logNormal(12, 0.4);
    tl.setStatus(this.at, this.agent, 'in_progress');
    return false;
  }

  /** A portal or email ticket: queued for the desk, picked up (slower at night), acknowledged, often solved there. */
  takeFromQueue(): boolean {
    const { tl, rng, driver, t, world } = this;
    tl.open(this.at, t.channel === 'portal' ? this.requester.userId : null, this.opening());
    tl.queue(holderOf(world, world.groups.get('days')!, null));
    const night = homeHour(this.at) < 7 || homeHour(this.at) >= 19;
    this.at += MINUTE * rng.logNormal(45 * this.pace, 0.9) * (night ? 2 : 1);
    const holder = this.desk(this.at);
    this.agent = holder.userId!;
    tl.assign(this.at, this.agent, holder, { kind: 'assign' });
    tl.setStatus(this.at, this.agent, 'in_progress');
    tl.comment(this.at, this.agent, 'public', rng.pick(say.ACKNOWLEDGEMENTS));
    if (rng.chance(driver.fcr * 0.8)) {
      this.journey.path = 'desk';
      this.at += MINUTE * rng.logNormal(25, 0.8);
      this.resolveAtDesk(true);
      return true;
    }
    return false;
  }

  /** Cancelled by the desk, or closed as a duplicate of another ticket. */
  cancel() {
    const { rng } = this;
    this.journey.path = 'cancelled';
    this.at += HOUR_MS * rng.logNormal(4, 1);
    const duplicate = rng.chance(0.4);
    const note = duplicate ? say.DUPLICATE_NOTE : say.CANCEL_NOTE;
    this.finish(this.agent, duplicate ? 'duplicate' : 'cancelled', note, false);
  }

  /** The group key that covers the driver's service at the tier it escalates to, if it escalates. */
  escalationTarget(): string | undefined {
    const service = this.world.services.get(this.driver.service)!;
    const to = this.driver.escalateTo;
    return to === 'tier2' ? service.tier2 : to === 'tier3' ? service.tier3 : undefined;
  }

  /** Tier 1-Plus keeps it: a callback, sometimes waiting on the requester, then its own fix. */
  callBack(publicReply: boolean) {
    const { tl, rng, agent } = this;
    this.journey.path = 'callback';
    if (LIVE_CHANNELS.includes(this.t.channel)) tl.callbackRequested(this.at, agent);
    if (rng.chance(0.4)) {
      this.at += MINUTE * rng.logNormal(10, 0.5);
      tl.comment(this.at, agent, 'internal', rng.pick(say.CALLBACK_NOTES));
      tl.setStatus(this.at, agent, 'pending_requester');
      this.at += HOUR_MS * rng.logNormal(8 * this.pace, 1);
      if (rng.chance(0.5)) tl.comment(this.at, this.requester.userId, 'public', rng.pick(say.REQUESTER_REPLIES));
      tl.setStatus(this.at, agent, 'in_progress');
    }
    this.at += HOUR_MS * rng.logNormal(WORK_HOURS.tier1 * this.pace, 0.9);
    this.resolveAtDesk(publicReply);
  }

  /** Escalated to the group that covers the service at that tier, which works it (with approvals, questions, the
   * vendor or a change on the way) and resolves it. */
  escalate(group: GroupInfo, publicReply: boolean) {
    const { tl, rng, world } = this;
    this.journey.path = group.tier;
    this.at += MINUTE * rng.logNormal(3, 0.5);
    tl.assign(this.at, this.agent, holderOf(world, group, null), {
      kind: 'escalate',
      reason: rng.pick(say.ESCALATION_REASONS[group.tier]),
    });
    this.at += HOUR_MS * rng.logNormal(1.5 * this.pace, 0.8);
    // Tier 2 and 3 pick up P3/P4 work in office hours; P1/P2 at any hour (on call).
    if (this.t.priority > 2) this.at = nextOfficeHour(this.at) + MINUTE * rng.int(0, 90);
    const e: Escalation = { group, owner: rng.pick(group.members) };
    tl.assign(this.at, e.owner, holderOf(world, group, e.owner), { kind: 'assign' });
    if (rng.chance(0.5)) this.note(e, group.key === 'field' ? say.FIELD_NOTES[0]! : rng.pick(say.ANALYST_NOTES));
    if (this.driver.category === 'access') this.awaitApproval(e);
    if (this.driver.category !== 'access' && rng.chance(0.2)) this.askForInformation(e);

    let fix: Fix = rng.pick(this.driver.fixes);
    if (group.tier === 'tier2' && rng.chance(this.vendorShare())) fix = this.passToVendor(e);
    else if (rng.chance(this.driver.changeShare ?? 0)) fix = this.waitForChange(e, fix);
    else this.workInGroup(e, fix);
    this.finish(e.owner, fix[0], fix[1], publicReply);
  }

  /** How likely Tier 2 passes this ticket to the vendor (RECENT_VENDOR_SHARE for the last weeks' tickets). */
  vendorShare(): number {
    const share = this.driver.vendorShare ?? 0;
    const recent = this.world.now - this.t.createdAt < RECENT_VENDOR_DAYS * DAY_MS;
    return recent && share > 0 ? Math.max(share, RECENT_VENDOR_SHARE) : share;
  }

  /** An access request waits for the requester's manager to approve it. */
  awaitApproval(e: Escalation) {
    const { tl, rng } = this;
    tl.comment(this.at, e.owner, 'public', say.APPROVAL_NOTE);
    tl.setStatus(this.at, e.owner, 'pending_requester');
    this.wait(e, HOUR_MS * rng.logNormal(20, 0.9));
    this.note(e, say.APPROVED_NOTE);
    tl.setStatus(this.at, e.owner, 'in_progress');
  }

  /** The group asks the requester for more information and waits for the answer. */
  askForInformation(e: Escalation) {
    const { tl, rng } = this;
    this.at += HOUR_MS * rng.logNormal(2, 0.8);
    tl.comment(this.at, e.owner, 'public', rng.pick(say.INFO_REQUESTS));
    tl.setStatus(this.at, e.owner, 'pending_requester');
    this.wait(e, HOUR_MS * rng.logNormal(30, 1));
    if (rng.chance(0.6)) tl.comment(this.at, this.requester.userId, 'public', rng.pick(say.REQUESTER_REPLIES));
    tl.setStatus(this.at, e.owner, 'in_progress');
  }

  /** Tier 2 passes it to the EHR vendor (a case number), which fixes it and hands it back. */
  passToVendor(e: Escalation): Fix {
    const { tl, rng, world } = this;
    this.at += HOUR_MS * rng.logNormal(3, 0.8);
    const vendor = world.groups.get('vendor')!;
    const engineer = rng.pick(vendor.members);
    const vendorReference = say.vendorReference(rng, this.at);
    tl.assign(this.at, e.owner, holderOf(world, vendor, engineer), {
      kind: 'escalate',
      reason: rng.pick(say.ESCALATION_REASONS.vendor),
      vendorReference,
    });
    tl.setStatus(this.at, e.owner, 'pending_vendor');
    this.at += MINUTE * rng.logNormal(90, 0.8);
    this.note(e, say.VENDOR_NOTES[0]!, engineer);
    this.wait(e, DAY_MS * rng.logNormal(10, 0.7));
    this.note(e, rng.pick(say.VENDOR_NOTES.slice(1)), engineer);
    this.at += HOUR_MS * rng.logNormal(20, 1);
    tl.assign(this.at, engineer, holderOf(world, e.group, e.owner), { kind: 'return', reason: say.VENDOR_RETURN });
    tl.setStatus(this.at, engineer, 'in_progress');
    this.at += HOUR_MS * rng.logNormal(3, 0.8);
    return ['vendor_fix', `Vendor case ${vendorReference}: fix applied and confirmed with the requester.`];
  }

  /** The fix needs a build change: the ticket waits for it (now and then for weeks). */
  waitForChange(e: Escalation, fix: Fix): Fix {
    const { tl, rng } = this;
    this.at += HOUR_MS * rng.logNormal(4 * this.pace, 0.8);
    this.note(e, say.CHANGE_NOTES[0]!);
    tl.setStatus(this.at, e.owner, 'pending_change');
    this.wait(e, DAY_MS * (rng.chance(0.08) ? rng.logNormal(40, 0.5) : rng.logNormal(7, 0.6)));
    this.note(e, say.CHANGE_NOTES[1]!);
    tl.setStatus(this.at, e.owner, 'in_progress');
    this.at += HOUR_MS * rng.logNormal(2, 0.5);
    return fix[0] === 'hardware_replaced' ? ['configuration_fixed', 'Build change applied and verified.'] : fix;
  }

  /** The group works it; some wait in its backlog for days (capacity, parts on order) first. */
  workInGroup(e: Escalation, fix: Fix) {
    const { rng } = this;
    const backlog = rng.chance(0.15) ? DAY_MS * rng.logNormal(8, 0.6) : 0;
    this.wait(e, backlog + HOUR_MS * rng.logNormal(WORK_HOURS[e.group.tier] * this.pace, 0.9));
    if (e.group.key === 'field' && fix[0] === 'hardware_replaced') this.note(e, say.FIELD_NOTES[1]!);
  }

  /** Time passes with the group; on long waits the desk checks on the ticket once or twice. */
  wait(e: Escalation, ms: number) {
    const { tl, rng } = this;
    const checks = ms > DAY_MS && rng.chance(0.4) ? (rng.chance(0.3) ? 2 : 1) : 0;
    const times = Array.from({ length: checks }, () => this.at + rng.next() * ms).sort((a, b) => a - b);
    for (const when of times) {
      const holder = tl.holder?.tier === 'vendor' ? 'the EHR vendor' : e.group.name;
      tl.comment(when, this.desk(when).userId, 'internal', say.statusCheckNote(holder));
    }
    this.at += ms;
  }

  /** An internal note, by the owner unless someone else writes it. */
  note(e: Escalation, text: string, who = e.owner) {
    this.tl.comment(this.at, who, 'internal', text);
  }

  /** Tier 1-Plus resolves it with a fix of its own. */
  resolveAtDesk(publicReply: boolean) {
    const [code, note] = deskFix(this.rng, this.driver);
    this.finish(this.agent, code, note, publicReply);
  }

  /** Resolved (sometimes reopened by the requester and resolved again), closed when the reopen window ends. */
  finish(resolverId: string, code: ResolutionCode, note: string, publicReply: boolean) {
    const { tl, rng } = this;
    if (publicReply) tl.comment(this.at, resolverId, 'public', say.resolvedReply(note));
    tl.resolve(this.at, resolverId, code, note);
    if (rng.chance(this.journey.path === 'first_contact' ? 0.015 : 0.04)) {
      this.at += Math.min(REOPEN_WINDOW - HOUR_MS, HOUR_MS * rng.logNormal(20, 0.9));
      tl.reopen(this.at, this.requester.userId ?? this.desk(this.at).userId, rng.pick(say.REOPEN_REASONS));
      this.at += HOUR_MS * rng.logNormal(3, 0.8);
      tl.resolve(this.at, resolverId, code, note);
    }
    tl.close(this.at + REOPEN_WINDOW);
  }

  private desk(at: number) {
    return deskOnShift(this.world, this.rng, at, this.requester.provider);
  }

  private opening() {
    return { channel: this.t.channel, priority: this.t.priority };
  }
}

function handleMinutes(driver: Driver): number {
  return driver.category === 'credentials' ? 5 : driver.category === 'how_to' ? 9 : 12;
}

/** A fix Tier 1-Plus can give itself: never a hardware swap. */
function deskFix(rng: Rng, driver: Driver): readonly [ResolutionCode, string] {
  const own = driver.fixes.filter(([code]) => code !== 'hardware_replaced');
  return own.length ? rng.pick(own) : ['workaround_given', 'Gave a workaround until a technician can visit.'];
}
