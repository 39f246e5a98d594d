// What "Save view" sends and refuses, and how the server's refusal of a taken name is shown.
import { describe, expect, it } from 'vitest';
import { savedViewBody } from '../../../../../src/features/tickets/schemas.ts';
import { ApiProblem } from '../../../api/client.ts';
import type { ConsoleSearch } from './consoleSearch.ts';
import { saveViewProblems, saveViewRequest, saveViewServerErrors } from './saveViewForm.ts';

const search: ConsoleSearch = { view: 'all_open', q: 'BCMA', status: ['closed'] };

describe('saving the console’s view', () => {
  it('asks for a name before sending', () => {
    expect(saveViewProblems({ name: '  ' }, search)).toEqual({ name: 'Give the view a name' });
  });

  it('sends the trimmed name with the queue, search and filters, which the server accepts', () => {
    const body = saveViewRequest({ name: '  My BCMA work ' }, search);
    expect(body).toEqual({ name: 'My BCMA work', filter: { view: 'all_open', q: 'BCMA', status: ['closed'] } });
    expect(savedViewBody.safeParse(body).success).toBe(true);
    expect(saveViewProblems({ name: 'My BCMA work' }, search)).toEqual({});
  });

  it('refuses an over-long name in the server’s words, saying how much to remove', () => {
    expect(saveViewProblems({ name: 'v'.repeat(82) }, search)).toEqual({
      name: 'Name is too long (at most 80 characters): please remove 2 characters',
    });
  });

  it('shows a taken name in the server’s own sentence, under the name; other refusals are not about a field', () => {
    const taken = new ApiProblem(409, 'Conflict', 'You already have a view called "my bcma work".', [
      { field: 'body.name', message: 'is taken' },
    ]);
    expect(saveViewServerErrors(taken)).toEqual({ name: 'You already have a view called "my bcma work".' });
    expect(saveViewServerErrors(new ApiProblem(409, 'Conflict', 'At most 50 saved views each.'))).toEqual({});
    expect(saveViewServerErrors(new Error('offline'))).toEqual({});
  });
});
