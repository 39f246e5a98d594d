import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLINICAL_ROLES } from '../../../domain/vocabulary.ts';
import { GO_LIVE_CLINICAL_ROLES, GO_LIVE_PROVIDER_ROLES, goLiveCall, lineOfRole } from './golive-line.ts';
import { LINES, laneOf, type RoutingAgent, route, type WaitingContact } from './route.ts';

const ORDER_ENTRY = 'service:order-entry';
const MAR = 'service:mar';
const now = 1_800_000_000_000;
const lane = (line: (typeof LINES)[number]) => laneOf({ line, patientCareAffected: false });

describe('go-live lines', () => {
  it("routes a physician's order-entry call to the agent skilled in it, ahead of a general caller who waited longer", () => {
    const physician = goLiveCall({ provider: false, clinicalRole: 'attending' }, { skills: [ORDER_ENTRY] });
    const clerk = goLiveCall({ provider: false, clinicalRole: 'registration' }, { skills: [] });
    expect(physician).toEqual({ line: 'provider', skills: [ORDER_ENTRY] });
    expect(clerk).toEqual({ line: 'general', skills: [] });
    const contacts: WaitingContact[] = [
      { id: 'general', ...clerk, patientCareAffected: false, queuedAt: now - 40_000 },
      { id: 'physician', ...physician, patientCareAffected: false, queuedAt: now - 2_000 },
    ];
    const agents: RoutingAgent[] = [
      { id: 'mar-agent', state: 'available', tier: 'tier1', skills: [MAR], idleSince: now - 900_000 },
      { id: 'order-agent', state: 'available', tier: 'tier1', skills: [ORDER_ENTRY], idleSince: now - 60_000 },
    ];
    const out = route(contacts, agents, now);
    expect(out[0]).toMatchObject({ contactId: 'physician', agentId: 'order-agent', match: 'skilled', lane: 0 });
    expect(out[1]).toMatchObject({ contactId: 'general', agentId: 'mar-agent' });
  });

  it('puts nurses, pharmacists, techs and unit clerks on the clinical lane, and a flagged provider on the provider lane', () => {
    for (const role of GO_LIVE_CLINICAL_ROLES) {
      expect(goLiveCall({ provider: false, clinicalRole: role }, { line: 'general' }).line).toBe('clinical');
    }
    expect(goLiveCall({ provider: true, clinicalRole: 'other' }, {}).line).toBe('provider');
    expect(goLiveCall(null, { line: 'clinical' }).line).toBe('clinical');
    expect(goLiveCall(null, {}).line).toBe('general');
  });

  it('only ever raises a call: never below the line sent, the provider lane for every physician, skills kept', () => {
    const caller = fc.option(
      fc.record({ provider: fc.boolean(), clinicalRole: fc.option(fc.constantFrom(...CLINICAL_ROLES)) }),
    );
    const skills = fc.array(fc.constantFrom(ORDER_ENTRY, MAR, 'credential:RN'), { maxLength: 4 });
    fc.assert(
      fc.property(caller, fc.option(fc.constantFrom(...LINES)), skills, (c, sent, s) => {
        const out = goLiveCall(c, { line: sent, skills: s });
        expect(lane(out.line)).toBeLessThanOrEqual(lane(sent ?? 'general'));
        const byRole = lineOfRole(c);
        if (byRole) expect(lane(out.line)).toBeLessThanOrEqual(lane(byRole));
        if (c && (c.provider || (c.clinicalRole && GO_LIVE_PROVIDER_ROLES.includes(c.clinicalRole)))) {
          expect(out.line).toBe('provider');
        }
        expect(new Set(out.skills)).toEqual(new Set(s));
        expect(out.skills.length).toBe(new Set(s).size);
      }),
    );
  });
});
