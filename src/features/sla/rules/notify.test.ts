import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import { announcements, type Flags, NO_FLAGS } from './notify.ts';

const clock = (over: Partial<Clock>): Clock => ({
  targetMs: 100,
  elapsedMs: 0,
  state: 'running',
  dueAt: 1100,
  atRiskAt: 1075,
  atRisk: false,
  breached: false,
  breachedAt: null,
  ...over,
});
const fine = clock({});
const risky = clock({ elapsedMs: 80, atRisk: true });
const late = clock({ elapsedMs: 120, breached: true, breachedAt: 1100 });

describe('SLA announcements', () => {
  it('announces at risk once, then the breach once', () => {
    const first = announcements(NO_FLAGS, { response: fine, resolution: risky });
    expect(first.due).toEqual([{ clock: 'resolution', kind: 'at_risk', at: 1075 }]);
    expect(announcements(first.flags, { response: fine, resolution: risky }).due).toEqual([]);
    const second = announcements(first.flags, { response: fine, resolution: late });
    expect(second.due).toEqual([{ clock: 'resolution', kind: 'breached', at: 1100 }]);
    expect(announcements(second.flags, { response: fine, resolution: late }).due).toEqual([]);
  });

  it('catching up after downtime announces only the breach', () => {
    expect(announcements(NO_FLAGS, { response: late, resolution: fine }).due).toEqual([
      { clock: 'response', kind: 'breached', at: 1100 },
    ]);
  });

  it('announces again when a clock leaves risk (priority lowered) and returns to it', () => {
    const a = announcements(NO_FLAGS, { response: fine, resolution: risky });
    const b = announcements(a.flags, { response: fine, resolution: fine });
    expect(b.flags.resolutionAtRisk).toBe(false);
    expect(announcements(b.flags, { response: fine, resolution: risky }).due).toHaveLength(1);
  });

  it('never announces the same thing twice, whatever the sequence of states', () => {
    const states = fc.constantFrom(fine, risky, late, clock({ state: 'stopped', elapsedMs: 80 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(states, states), { maxLength: 20 }), (seq) => {
        let flags: Flags = NO_FLAGS;
        let previous: { response: Clock; resolution: Clock } | null = null;
        for (const [response, resolution] of seq) {
          const r = announcements(flags, { response, resolution });
          if (previous && previous.response === response && previous.resolution === resolution) {
            expect(r.due).toEqual([]);
          }
          for (const a of r.due) {
            if (a.kind === 'breached') expect(flags[`${a.clock}Breach`]).toBe(false);
            else expect(flags[`${a.clock}AtRisk`]).toBe(false);
          }
          flags = r.flags;
          previous = { response, resolution };
        }
      }),
    );
  });
});
