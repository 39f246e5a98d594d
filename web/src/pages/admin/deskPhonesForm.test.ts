// The desk phone numbers form refuses what the server would refuse, under the field it is about.
import { describe, expect, it } from 'vitest';
import { deskPhonesBody } from '../../../../src/features/directory/desk-phones-schemas.ts';
import { deskPhonesProblems, deskPhonesRequest, deskPhonesWording } from './deskPhonesForm.ts';

const north = { id: '0190a1b2-0000-7000-8000-000000000001', name: 'North Campus' };
const south = { id: '0190a1b2-0000-7000-8000-000000000002', name: 'South Campus' };
const facilities = [north, south];

describe('the desk phone numbers form', () => {
  it('sends the facilities with a number, in order, and empty lines as none', () => {
    const values = { main: ' (312) 555-0100 ', providerLine: '  ', facilities: { [south.id]: '+44 20 7946 0000' } };
    expect(deskPhonesProblems(values, facilities)).toEqual({});
    const body = deskPhonesRequest(values, facilities);
    expect(body).toEqual({
      main: '(312) 555-0100',
      providerLine: null,
      facilities: [{ facilityId: south.id, phone: '+44 20 7946 0000' }],
    });
    expect(deskPhonesBody.safeParse(body).success).toBe(true);
  });

  it('refuses a number the server would not take under the facility it is for, by its name', () => {
    const values = { main: 'call me', providerLine: '', facilities: { [north.id]: '', [south.id]: 'ext' } };
    const errors = deskPhonesProblems(values, facilities);
    expect(Object.keys(errors).sort()).toEqual([`facilities.${south.id}`, 'main']);
    expect(errors.main).toMatch(/^Main desk number: "call me" /);
    expect(errors[`facilities.${south.id}`]).toMatch(/^South Campus: "ext" /);
  });

  it('puts the server’s message about the n-th number sent under that facility', () => {
    const values = { main: '', providerLine: '', facilities: { [north.id]: '', [south.id]: '555' } };
    expect(deskPhonesWording(values, facilities).fields?.['facilities.0.phone']).toBe(`facilities.${south.id}`);
  });
});
