import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../api/incidents.ts';
import {
  declareDraftFromTicket,
  linkOutageLabel,
  matchingQueryString,
  repliesWith,
  roleChanges,
  rolesOf,
  scopeChanges,
  scopeOf,
  wordsChanges,
} from './incidentForms.ts';

const EHR = '0190a1b2-c3d4-7e5f-8a9b-000000000001';
const ORDERS = '0190a1b2-c3d4-7e5f-8a9b-000000000002';
const RIVERSIDE = '0190a1b2-c3d4-7e5f-8a9b-000000000003';
const WEST4 = '0190a1b2-c3d4-7e5f-8a9b-000000000004';
const ANA = '0190a1b2-c3d4-7e5f-8a9b-000000000005';
const BO = '0190a1b2-c3d4-7e5f-8a9b-000000000006';

describe('the known-outage check while a ticket is taken', () => {
  it('asks nothing until an application or module is picked: a place alone never matches', () => {
    expect(matchingQueryString({})).toBeNull();
    expect(matchingQueryString({ facilityId: RIVERSIDE, unitId: WEST4 })).toBeNull();
  });

  it('asks with words alone (match terms make suggestions), squeezed and within the server’s limit', () => {
    expect(matchingQueryString({ text: ' x ' })).toBeNull();
    const q = new URLSearchParams(matchingQueryString({ text: '  Epic   frozen\n on 4 West ', unitId: WEST4 })!);
    expect(Object.fromEntries(q)).toEqual({ unitId: WEST4, text: 'Epic frozen on 4 West' });
    const long = new URLSearchParams(matchingQueryString({ serviceId: EHR, text: 'a'.repeat(2500) })!);
    expect(long.get('text')).toHaveLength(2000);
  });

  it('sends what is picked and leaves out what is not', () => {
    const q = new URLSearchParams(matchingQueryString({ serviceId: EHR, moduleId: null, unitId: WEST4 })!);
    expect(Object.fromEntries(q)).toEqual({ serviceId: EHR, unitId: WEST4 });
    const all = matchingQueryString({ serviceId: EHR, moduleId: ORDERS, facilityId: RIVERSIDE, unitId: WEST4 });
    expect(Object.fromEntries(new URLSearchParams(all!))).toEqual({
      serviceId: EHR,
      moduleId: ORDERS,
      facilityId: RIVERSIDE,
      unitId: WEST4,
    });
  });

  it('offers to answer only when the incident has an answer for callers', () => {
    expect(linkOutageLabel({ number: 'INC-000012', publicReply: 'The EHR is down; use paper.' })).toBe(
      'Link to INC-000012 and answer with the known-outage message',
    );
    expect(linkOutageLabel({ number: 'INC-000012', publicReply: '  ' })).toBe('Link to INC-000012');
    expect(repliesWith({ publicReply: 'Use paper.' })).toBe(true);
    expect(repliesWith({ publicReply: ' ' })).toBe(false);
  });
});

describe('declaring from a ticket', () => {
  it('starts from the ticket: its summary as the title, its application, module, facility and unit as the scope', () => {
    expect(
      declareDraftFromTicket({
        number: 'CSD-000042',
        summary: '  Orders will not sign on 4 West ',
        serviceId: EHR,
        moduleId: ORDERS,
        facilityId: RIVERSIDE,
        unitId: WEST4,
      }),
    ).toEqual({
      title: 'Orders will not sign on 4 West',
      fromTicket: 'CSD-000042',
      serviceIds: [EHR],
      moduleIds: [ORDERS],
      facilityIds: [RIVERSIDE],
      unitIds: [WEST4],
    });
  });

  it('leaves a list empty when the ticket names nothing there, and keeps the title within the limit', () => {
    const draft = declareDraftFromTicket({
      number: 'CSD-000043',
      summary: 'x'.repeat(250),
      serviceId: null,
      moduleId: null,
      facilityId: null,
      unitId: null,
    });
    expect(draft.title).toHaveLength(200);
    expect([draft.serviceIds, draft.moduleIds, draft.facilityIds, draft.unitIds]).toEqual([[], [], [], []]);
  });
});

const person = (id: string, displayName: string) => ({ id, displayName });
const incident = {
  services: [{ id: EHR, name: 'EHR' }],
  modules: [],
  facilities: [{ id: RIVERSIDE, name: 'Riverside' }],
  units: [],
  commander: person(ANA, 'Ana'),
  clinicalLead: null,
  itLead: person(BO, 'Bo'),
  commsLead: null,
} as unknown as IncidentView;

describe('editing an incident after it is declared', () => {
  it('sends only the scope lists that changed, whatever their order', () => {
    const before = scopeOf(incident);
    expect(before).toEqual({ serviceIds: [EHR], moduleIds: [], facilityIds: [RIVERSIDE], unitIds: [] });
    expect(scopeChanges(before, { ...before })).toEqual({});
    expect(scopeChanges(before, { ...before, unitIds: [WEST4], facilityIds: [RIVERSIDE] })).toEqual({
      unitIds: [WEST4],
    });
    expect(scopeChanges(before, { ...before, facilityIds: [] })).toEqual({ facilityIds: [] });
    const two = { ...before, serviceIds: [EHR, ORDERS] };
    expect(scopeChanges(two, { ...two, serviceIds: [ORDERS, EHR] })).toEqual({});
  });

  it('sends only the roles that changed, null when someone is no longer named', () => {
    const before = rolesOf(incident);
    expect(before).toEqual({ commanderId: ANA, clinicalLeadId: null, itLeadId: BO, commsLeadId: null });
    expect(roleChanges(before, before)).toEqual({});
    expect(roleChanges(before, { ...before, commanderId: BO, itLeadId: null, commsLeadId: ANA })).toEqual({
      commanderId: BO,
      itLeadId: null,
      commsLeadId: ANA,
    });
  });
});

describe('the words form sends only what changed', () => {
  const before = { title: 'EHR down', publicSummary: 'Use paper.', publicReply: '', noticeHoursBefore: 24 };
  it('sends nothing when nothing changed but spaces around the words', () => {
    expect(wordsChanges(before, { ...before, title: ' EHR down ' })).toEqual({});
  });
  it('sends the trimmed summary and the new notice hours', () => {
    expect(wordsChanges(before, { ...before, publicSummary: ' Use paper forms. ', noticeHoursBefore: 48 })).toEqual({
      publicSummary: 'Use paper forms.',
      noticeHoursBefore: 48,
    });
  });
});
