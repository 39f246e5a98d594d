import { describe, expect, it } from 'vitest';
import { updateProblems, updateRequest } from './updateForm.ts';

describe('the incident update form', () => {
  it('sends the trimmed text, the note only when written, and the promise in minutes (or none)', () => {
    expect(updateRequest({ publicText: ' EHR back soon ', internalNote: '  ', nextUpdate: '30' })).toEqual({
      publicText: 'EHR back soon',
      nextUpdateMinutes: 30,
    });
    expect(updateRequest({ publicText: 'Back', internalNote: 'Root cause: disk', nextUpdate: '' })).toEqual({
      publicText: 'Back',
      internalNote: 'Root cause: disk',
      nextUpdateMinutes: null,
    });
  });

  it('refuses public text that looks like patient information, with the server’s words', () => {
    const problems = updateProblems({
      publicText: 'MRN 12345678 cannot be charted',
      internalNote: '',
      nextUpdate: '30',
    });
    expect(problems.publicText).toMatch(/medical record number/);
  });

  it('asks for the public text first', () => {
    expect(updateProblems({ publicText: ' ', internalNote: '', nextUpdate: '30' }).publicText).toBeTruthy();
    expect(updateProblems({ publicText: 'Use paper MAR.', internalNote: '', nextUpdate: '30' })).toEqual({});
  });
});
