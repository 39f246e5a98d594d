// The desk as the generated tickets meet it: facilities, services, groups with their members, providers, staff
// names; and who holds a ticket or takes a contact at a given moment.
import type { Tier } from '../domain/vocabulary.ts';
import type { Rng } from '../platform/seeded-random.ts';
import { homeHour } from './calendar.ts';
import type { ProviderKey } from './catalogue.ts';
import type { Holder } from './history.ts';
import type { Facility } from './organisation.ts';

export type GroupInfo = { key: string; id: string; name: string; tier: Tier; providerId: string; members: string[] };
export type ServiceInfo = { id: string; critical: boolean; parentKey: string | null; tier2?: string; tier3?: string };
export type World = {
  now: number;
  facilities: Facility[];
  services: Map<string, ServiceInfo>;
  groups: Map<string, GroupInfo>;
  providers: Map<ProviderKey, string>;
  /** Display names of the staff accounts, for the activity rows. */
  names: Map<string, string>;
};

/** A group (and one of its members, or nobody yet) as the holder of a ticket. */
export function holderOf(world: World, group: GroupInfo, userId: string | null): Holder {
  return {
    tier: group.tier,
    groupId: group.id,
    groupName: group.name,
    providerId: group.providerId,
    userId,
    userName: userId ? (world.names.get(userId) ?? null) : null,
  };
}

/** The Tier 1-Plus agent who takes a contact: days desk (provider line for physicians) 07–19, nights otherwise. */
export function deskOnShift(world: World, rng: Rng, at: number, provider: boolean): Holder {
  const hour = homeHour(at);
  const key = hour >= 7 && hour < 19 ? (provider && rng.chance(0.8) ? 'provider' : 'days') : 'nights';
  const group = world.groups.get(key)!;
  return holderOf(world, group, rng.pick(group.members));
}
