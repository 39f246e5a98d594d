// How a provider's state names map to the vendor case's states (e-bonding, issue 16). Pure.
// An administrator lists the names the provider's system uses ("Awaiting Customer", "Resolved"…) and what each one
// means here; an update naming a state is matched case-insensitively after trimming, and a name not listed is
// refused with the list of those that are (the integrator's mapping is wrong, and guessing would move the ticket).
import { VENDOR_MOVES, type VendorMove } from '../../tickets/rules/vendor-case.ts';

export const EBOND_STATES = VENDOR_MOVES;
export type EbondState = VendorMove;
export type StateMap = Record<string, EbondState>;

export const STATE_MAP_MAX = 100;
export const STATE_NAME_MAX = 100;

/** The form two state names are compared in. */
export const stateKey = (name: string) => name.trim().toLowerCase();

/** What is wrong with a mapping an administrator sends (empty when nothing is). */
export function stateMapProblems(map: Record<string, string>): string[] {
  const names = Object.keys(map);
  const problems: string[] = [];
  if (names.length === 0) problems.push('Map at least one of the provider’s state names.');
  if (names.length > STATE_MAP_MAX) problems.push(`Map at most ${STATE_MAP_MAX} state names.`);
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = stateKey(name);
    if (!key) problems.push('A state name cannot be blank.');
    else if (key.length > STATE_NAME_MAX) problems.push(`"${key.slice(0, 20)}…" is longer than ${STATE_NAME_MAX}.`);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`"${first}" and "${name}" are the same name (case and spaces aside).`);
    else seen.set(key, name);
    if (!(EBOND_STATES as readonly string[]).includes(map[name]!))
      problems.push(`"${name}" maps to "${map[name]}", which is not one of ${EBOND_STATES.join(', ')}.`);
  }
  return problems;
}

/** The mapping as stored: names trimmed (as the administrator wrote them otherwise), in the order given. */
export function normaliseStateMap(map: StateMap): StateMap {
  return Object.fromEntries(Object.entries(map).map(([name, state]) => [name.trim(), state]));
}

export type StateLookup = { ok: true; state: EbondState; name: string } | { ok: false; known: string[] };

/** The Clinidesk state a provider's state name means, or the names that are mapped (alphabetical). */
export function lookupState(map: StateMap, name: string): StateLookup {
  const key = stateKey(name);
  for (const [mapped, state] of Object.entries(map))
    if (stateKey(mapped) === key) return { ok: true, state, name: mapped };
  return { ok: false, known: Object.keys(map).sort((a, b) => a.localeCompare(b, 'en')) };
}
