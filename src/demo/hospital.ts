// The demo hospital as generated, before anything is written: its generator, directory, world and ticket history.
// The same inputs give the same hospital in any thread: the seed builds it, and so does the thread that generates
// the history beside it on the embedded database (history-thread.ts).
import { createRng, type Rng } from '../platform/seeded-random.ts';
import { DAY_MS, HISTORY_DAYS, planHistory } from './calendar.ts';
import { buildDirectory, type Directory, worldOf } from './directory.ts';
import { HistoryLoader } from './load.ts';
import { ticketFactory } from './tickets.ts';
import type { World } from './world.ts';

export const DEMO_REQUESTERS = 2_000;
/** Picked among a few so the open queue usually shows vendor cases and a demo requester's own open ticket. */
const GENERATOR_SEED = 'st-marys-health/v2';

export type DemoHospital = { rng: Rng; directory: Directory; world: World };

/** The hospital whose history ends at `now`, its accounts' passwords hashed as `passwordHash`. */
export function demoHospital(now: number, passwordHash: string): DemoHospital {
  const rng = createRng(GENERATOR_SEED);
  const directory = buildDirectory(
    rng.fork('directory'),
    now - (HISTORY_DAYS + 30) * DAY_MS,
    passwordHash,
    DEMO_REQUESTERS,
  );
  return { rng, directory, world: worldOf(directory, now) };
}

/** The loader of its history: `tickets` tickets over the 12 months before `now`. */
export function demoHistory(
  hospital: DemoHospital,
  now: number,
  tickets: number,
  onProgress?: (done: number, total: number) => void,
): HistoryLoader {
  const { rng, directory, world } = hospital;
  return new HistoryLoader(
    planHistory(now, world.facilities, tickets),
    rng.fork('tickets'),
    ticketFactory(world, directory.requesters, directory.demoRequesters),
    onProgress,
  );
}
