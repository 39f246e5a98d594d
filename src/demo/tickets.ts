// One generated ticket: who called, why (the call driver), through which channel; its facts (ticket-facts.ts), its
// journey through the desk (journey.ts) and the phone calls behind it (calls.ts).
import type { ClinicalRole } from '../domain/vocabulary.ts';
import type { Channel } from '../features/tickets/rules/vocabulary.ts';
import { type Rng, weightedTable } from '../platform/seeded-random.ts';
import { GO_LIVE, goLiveStart } from './calendar.ts';
import { type CallHistory, callsOf, type TicketCalls } from './calls.ts';
import { type Category, type RoleGroup, roleGroupOf } from './drivers/driver.ts';
import { DRIVERS, driverWeights } from './drivers.ts';
import type { ActivityRow, CommentRow, HandoffRow, TicketState } from './history.ts';
import { runJourney } from './journey.ts';
import type { Facility } from './organisation.ts';
import type { Person } from './people.ts';
import { facts, type TicketRow } from './ticket-facts.ts';
import type { World } from './world.ts';

export type Generated = {
  ticket: TicketRow;
  state: TicketState;
  comments: CommentRow[];
  handoffs: HandoffRow[];
  activity: ActivityRow[];
  /** The phone calls behind the history (calls.ts); their 'linked' activity rows are already in `activity`. */
  calls: TicketCalls;
};

const CALL_RATE: Record<ClinicalRole, number> = {
  attending: 0.9,
  resident: 1.4,
  app: 1,
  rn: 1,
  pharmacist: 1.1,
  tech: 0.8,
  unit_clerk: 1.1,
  registration: 1.2,
  revenue_cycle: 0.9,
  it: 0,
  other: 0.5,
};

type ChannelMix = [phone: number, portal: number, email: number, chat: number, walkUp: number, goLive: number];
const CHANNEL_MIX: Record<Category, ChannelMix> = {
  credentials: [82, 3, 2, 6, 7, 0],
  how_to: [64, 10, 6, 15, 3, 2],
  ehr_issue: [60, 17, 10, 8, 2, 3],
  device: [66, 14, 8, 4, 8, 0],
  access: [12, 55, 30, 3, 0, 0],
  infra: [66, 12, 8, 10, 4, 0],
};
const CHANNELS: Channel[] = ['phone', 'portal', 'email', 'chat', 'walk_up', 'go_live'];

export type TicketFactory = (rng: Rng, createdAt: number, facility: Facility, goLiveDay: number | null) => Generated;

export function ticketFactory(world: World, requesters: Person[], demoRequesters: Person[]): TicketFactory {
  const pickRequester = new Map<string, (rng: Rng) => Person>();
  for (const f of world.facilities) {
    const here = requesters.filter((p) => p.active && p.unit?.facility.id === f.id);
    const weight = (p: Person) => CALL_RATE[p.clinicalRole] * (demoRequesters.includes(p) ? 4 : 1);
    pickRequester.set(f.id, weightedTable(here.map((p) => [p, weight(p)] as const)));
  }
  const pickDriver = memo((key: string) => {
    const [group, goLive] = key.split(':') as [RoleGroup, string];
    return weightedTable(driverWeights(group, goLive === 'true' ? 2 : 1));
  });
  const pickChannel = memo((key: string) => {
    const [category, goLive] = key.split(':') as [Category, string];
    const mix = CHANNEL_MIX[category].map((w, i) => (i === 5 && goLive === 'true' ? 30 : w));
    return weightedTable(CHANNELS.map((c, i) => [c, mix[i]!] as const));
  });
  const goLiveAt = goLiveStart(world.now);

  return (rng, createdAt, facility, goLiveDay) => {
    const requester = pickRequester.get(facility.id)!(rng);
    const unit = requester.unit!;
    const goLive = goLiveDay !== null && facility.code === GO_LIVE.facility;
    const firstWeek = goLive && goLiveDay < 7;
    const driver = pickDriver(`${roleGroupOf(requester.clinicalRole)}:${goLive}`)(rng);
    let channel = pickChannel(`${driver.category}:${firstWeek}`)(rng);
    if (channel === 'go_live' && !goLive) channel = 'phone';
    const ticket = facts(world, rng, { createdAt, requester, unit, driver, channel });
    const { timeline, journey } = runJourney(world, rng, ticket, requester, driver);
    ticket.journey = journey;
    const state = timeline.state();
    const history: CallHistory = {
      ticket,
      requester,
      category: driver.category,
      openedBy: state.openedBy,
      firstResponseAt: state.firstResponseAt,
      firstResolvedAt: timeline.activity.find((a) => a.kind === 'resolved')?.at ?? null,
      activity: timeline.activity,
      escalated: timeline.handoffs.some((h) => h.kind === 'escalate' || h.to.tier !== 'tier1'),
      firstContact: journey.path === 'first_contact',
    };
    // From a generator of its own, so the tickets stay exactly what they were without calls.
    const calls = callsOf(world, rng.fork(`calls/${ticket.id}`), history, goLiveAt);
    return {
      ticket,
      state,
      comments: timeline.comments,
      handoffs: timeline.handoffs,
      activity: calls.activity.length ? mergeByTime(timeline.activity, calls.activity) : timeline.activity,
      calls,
    };
  };
}

/** Two time-ordered lists as one, keeping `a`'s row first on equal times. */
function mergeByTime(a: readonly ActivityRow[], b: readonly ActivityRow[]): ActivityRow[] {
  const out: ActivityRow[] = [];
  let j = 0;
  const rest = [...b].sort((x, y) => x.at - y.at);
  for (const row of a) {
    while (j < rest.length && rest[j]!.at < row.at) out.push(rest[j++]!);
    out.push(row);
  }
  while (j < rest.length) out.push(rest[j++]!);
  return out;
}

function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Drivers by key, for tests and reports. */
export const DRIVER_BY_KEY = new Map(DRIVERS.map((d) => [d.key, d]));
