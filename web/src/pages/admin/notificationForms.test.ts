import { describe, expect, it } from 'vitest';
import { settingsProblems, settingsRequest, templateFormProblems } from './notificationForms.ts';

describe('the notifications forms', () => {
  it('sends blank settings as "off" and refuses a domain or address the server would refuse', () => {
    expect(settingsRequest({ fullTextDomain: ' ', pagerUrl: '' })).toEqual({ fullTextDomain: null, pagerUrl: null });
    expect(settingsProblems({ fullTextDomain: 'hospital.org', pagerUrl: 'https://pager.hospital.org/hook' })).toEqual(
      {},
    );
    expect(Object.keys(settingsProblems({ fullTextDomain: 'not a domain', pagerUrl: 'ftp://x' })).sort()).toEqual([
      'fullTextDomain',
      'pagerUrl',
    ]);
  });

  it('refuses a template with a placeholder that could leak patient details, before sending it', () => {
    expect(templateFormProblems({ subject: 'Reply on {{number}}', body: 'See {{link}}' })).toEqual({});
    expect(templateFormProblems({ subject: 'Reply on {{number}}', body: '{{description}} {{link}}' }).body).toMatch(
      /not a placeholder/,
    );
    expect(templateFormProblems({ subject: '{{title}}', body: '{{link}}' }).subject).toMatch(/patient details/);
    expect(templateFormProblems({ subject: '', body: '{{link}}' }).subject).toBeTruthy();
    // An incident notice takes its own placeholders, and not the ticket's.
    expect(
      templateFormProblems({ subject: '{{number}} {{title}}', body: '{{state}} {{link}}' }, 'incident_update'),
    ).toEqual({});
    expect(templateFormProblems({ subject: 'x', body: '{{priority}} {{link}}' }, 'incident_update').body).toMatch(
      /not a placeholder/,
    );
  });
});
