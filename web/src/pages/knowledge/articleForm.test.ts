// What the article editor sends for a new article and for a new version, and what it refuses before sending.
import { describe, expect, it } from 'vitest';
import { createArticleBody, updateArticleBody } from '../../../../src/features/knowledge/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { articleProblems, articleRequest, articleServerErrors, NEW_ARTICLE } from './articleForm.ts';

const written = { ...NEW_ARTICLE, title: '  Reprint a wristband  ', tags: ['Wristband', 'printer'] };

describe('the article editor', () => {
  it('asks for a title and a body before saving', () => {
    expect(articleProblems({ ...NEW_ARTICLE, body: '  ' })).toEqual({
      title: 'Give the article a title',
      body: 'Write the article',
    });
    expect(articleProblems({ ...written, title: 'Hi' })).toEqual({
      title: 'Title is too short (at least 3 characters)',
    });
  });

  it('saves a new draft with the title trimmed and no date or note unless given, which the server accepts', () => {
    const body = articleRequest(written);
    expect(body).toMatchObject({ title: 'Reprint a wristband', reviewDue: null, serviceId: null });
    expect(body).not.toHaveProperty('note');
    expect(body).not.toHaveProperty('version');
    expect(createArticleBody.safeParse(body).success).toBe(true);
    expect(articleProblems(written)).toEqual({});
  });

  it('saves a new version with the version read and what changed', () => {
    const body = articleRequest({ ...written, note: ' Added the reprint step ' }, { version: 4 });
    expect(body).toMatchObject({ version: 4, note: 'Added the reprint step' });
    expect(updateArticleBody.safeParse(body).success).toBe(true);
    expect(articleProblems(written, { version: 4 })).toEqual({});
  });

  it('refuses a wrong date, an over-long note and an over-long tag under their fields', () => {
    const problems = articleProblems({
      ...written,
      reviewDue: '31/03/2027',
      note: 'n'.repeat(501),
      tags: ['t'.repeat(41)],
    });
    expect(problems).toEqual({
      reviewDue: 'Review by must be a date such as 2027-03-31',
      note: 'What changed is too long (at most 500 characters): please remove 1 character',
      tags: 'Tags is too long (at most 40 characters): please remove 1 character',
    });
  });

  it('shows the server’s field messages under the editor’s fields', () => {
    const refused = new ApiProblem(400, 'Bad Request', 'Please check 2 fields', [
      { field: 'body.serviceId', message: 'Application or device is not a valid reference' },
      { field: 'body.tags.2', message: 'Tags is too long (at most 40 characters)' },
    ]);
    expect(articleServerErrors(refused)).toEqual({
      service: 'Application or device is not a valid reference',
      tags: 'Tags is too long (at most 40 characters)',
    });
  });
});
