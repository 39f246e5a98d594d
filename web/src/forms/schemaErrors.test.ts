// The forms check what they send with the server's own schemas, and say what is wrong as the server would.
import { describe, expect, it } from 'vitest';
import { facilityBody } from '../../../src/features/directory/schemas.ts';
import { openTicketBody } from '../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../api/client.ts';
import { schemaErrors, serverErrors, zodResolver } from './schemaErrors.ts';

describe('form errors from the API schemas', () => {
  it('finds nothing wrong with a body the server accepts', () => {
    expect(schemaErrors(openTicketBody, { summary: 'Wristband printer prints blank labels' })).toEqual({});
  });

  it('words each problem as the server does, under the field it is about', () => {
    const errors = schemaErrors(facilityBody, { code: 'north campus', name: '', timeZone: 'America/Chicago' });
    expect(errors.name).toBe('Name is required');
    expect(errors.code).toMatch(/^Code /);
    expect(errors.code).not.toMatch(/Invalid|Too big|Expected/);
    expect(Object.keys(errors).sort()).toEqual(['code', 'name']);
  });

  it('says how much to remove from an over-long text, counted as the server counts it (trimmed)', () => {
    const errors = schemaErrors(openTicketBody, { summary: `  ${'x'.repeat(203)}  `, description: 'y'.repeat(10_001) });
    expect(errors.summary).toBe('Summary is too long (at most 200 characters): please remove 3 characters');
    expect(errors.description).toBe('Description is too long (at most 10,000 characters): please remove 1 character');
  });

  it('uses the form’s own names and words for what it asks differently', () => {
    const wording = {
      fields: { description: 'details', 'resolveNow.note': 'resolution' },
      labels: { description: 'This answer' },
      required: { summary: 'Tell us in a few words what you were trying to do' },
    };
    const errors = schemaErrors(
      openTicketBody,
      { summary: '   ', description: 'y'.repeat(10_002), resolveNow: { code: 'answered_how_to', note: '' } },
      wording,
    );
    expect(errors).toEqual({
      summary: 'Tell us in a few words what you were trying to do',
      details: 'This answer is too long (at most 10,000 characters): please remove 2 characters',
      resolution: 'Note is required',
    });
  });

  it('reports a required value left out, and keeps the first problem of a field', () => {
    expect(schemaErrors(openTicketBody, {})).toEqual({ summary: 'Summary is required' });
    expect(schemaErrors(openTicketBody, { summary: 'x', patientCareAffected: 'maybe' })).toEqual({
      patientCareAffected: 'Is patient care affected must be yes or no',
    });
  });

  it('checks the body a form’s values would become', () => {
    const validate = zodResolver(openTicketBody, (v: { what: string }) => ({ summary: v.what.trim() }), {
      fields: { summary: 'what' },
    });
    expect(validate({ what: ' ' })).toEqual({ what: 'Summary is required' });
    expect(validate({ what: 'Cannot sign orders' })).toEqual({});
  });

  it('puts the server’s own field messages under the form’s fields', () => {
    const problem = new ApiProblem(400, 'Invalid request', 'Please check 2 fields', [
      { field: 'body.description', message: 'Description is too long (at most 10,000 characters)' },
      { field: 'body.description', message: 'second' },
      { field: 'body.code', message: 'Code is already used' },
    ]);
    expect(serverErrors(problem, { fields: { description: 'details' } })).toEqual({
      details: 'Description is too long (at most 10,000 characters)',
      code: 'Code is already used',
    });
    expect(serverErrors(new Error('offline'))).toEqual({});
  });
});
