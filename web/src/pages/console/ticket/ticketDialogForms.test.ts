// What the ticket's resolve, escalate and link dialogs send, and what they refuse before sending.
import { describe, expect, it } from 'vitest';
import { escalationBody, linkBody, updateTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import {
  escalateProblems,
  escalateRequest,
  escalateStart,
  linkProblems,
  linkRequest,
  NO_LINK,
  NO_RESOLUTION,
  resolveChange,
  resolveProblems,
} from './ticketDialogForms.ts';

describe('resolving a ticket', () => {
  it('needs a resolution code and what fixed it, as one problem shown where it is missing', () => {
    const needed = { resolution: 'Choose a resolution code and say what fixed it' };
    expect(resolveProblems(NO_RESOLUTION)).toEqual(needed);
    expect(resolveProblems({ code: 'configuration_fixed', note: '' })).toEqual(needed);
    expect(resolveProblems({ code: null, note: 'Reset the print queue' })).toEqual(needed);
  });

  it('sends the code and the trimmed note, which the server accepts with the version read', () => {
    const change = resolveChange({ code: 'configuration_fixed', note: '  Reset the print queue. ' });
    expect(change).toEqual({
      status: 'resolved',
      resolution: { code: 'configuration_fixed', note: 'Reset the print queue.' },
    });
    expect(updateTicketBody.safeParse({ ...change, version: 3 }).success).toBe(true);
    expect(resolveProblems({ code: 'configuration_fixed', note: 'Reset the print queue.' })).toEqual({});
  });

  it('refuses an over-long note under the note, saying how much to remove', () => {
    expect(resolveProblems({ code: 'configuration_fixed', note: 'n'.repeat(5001) })).toEqual({
      'resolution.note': 'Resolution note is too long (at most 5,000 characters): please remove 1 character',
    });
  });
});

describe('escalating a ticket', () => {
  it('suggests tier 2 from tier 1 and lets the agent choose from anywhere else', () => {
    expect(escalateStart('tier1').toTier).toBe('tier2');
    expect(escalateStart('tier2').toTier).toBeNull();
  });

  it('needs the tier that takes it next and a reason the next tier can use', () => {
    expect(escalateProblems(escalateStart('tier2'))).toEqual({
      toTier: 'Choose the tier that takes it next',
      reason: 'Say why, so the next tier does not start over',
    });
    expect(escalateProblems({ ...escalateStart('tier1'), reason: ' ok ' })).toEqual({
      reason: 'Say why, so the next tier does not start over',
    });
  });

  it('sends the vendor’s case number only to a vendor, and no group unless one is chosen', () => {
    const toTier2 = { ...escalateStart('tier1'), reason: ' Needs an analyst ', vendorReference: 'SR-1' };
    expect(escalateRequest(toTier2)).toEqual({
      toTier: 'tier2',
      groupId: undefined,
      reason: 'Needs an analyst',
      vendorReference: undefined,
    });
    const toVendor = { ...toTier2, toTier: 'vendor' as const };
    expect(escalateRequest(toVendor)).toMatchObject({ toTier: 'vendor', vendorReference: 'SR-1' });
    expect(escalationBody.safeParse(escalateRequest(toVendor)).success).toBe(true);
    expect(escalateProblems(toVendor)).toEqual({});
  });

  it('refuses an over-long reason or case number in the server’s words', () => {
    const values = { ...escalateStart('tier1'), toTier: 'vendor' as const };
    expect(escalateProblems({ ...values, reason: 'r'.repeat(2002), vendorReference: 'v'.repeat(101) })).toEqual({
      reason: 'Reason is too long (at most 2,000 characters): please remove 2 characters',
      vendorReference: 'Vendor case number is too long (at most 100 characters): please remove 1 character',
    });
  });
});

describe('linking a ticket to another', () => {
  it('needs the other ticket’s number, in the form the desk writes it', () => {
    expect(linkProblems(NO_LINK)).toEqual({ other: 'Give the other ticket’s number' });
    expect(linkProblems({ ...NO_LINK, other: 'the printer one' })).toEqual({
      other: 'Other ticket number must be a ticket number such as CSD-001234',
    });
  });

  it('sends the kind and the trimmed number, which the server accepts', () => {
    const body = linkRequest({ kind: 'duplicate_of', other: ' CSD-001234 ' });
    expect(body).toEqual({ kind: 'duplicate_of', other: 'CSD-001234' });
    expect(linkBody.safeParse(body).success).toBe(true);
  });
});
