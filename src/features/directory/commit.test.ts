import { describe, expect, it } from 'vitest';
import { DIRECTORY_ACTIONS } from '../../platform/audit/actions.ts';
import { changeOf } from './commit.ts';

describe('a directory change', () => {
  it('is audited as its action and announced in the past tense, for its subject', () => {
    expect(changeOf('facility.create')).toEqual({ subject: 'facility', event: 'facility.created' });
    expect(changeOf('coverage.delete')).toEqual({ subject: 'coverage', event: 'coverage.deleted' });
    expect(changeOf('setting.set')).toEqual({ subject: 'setting', event: 'setting.set' });
    expect(changeOf('directory.import')).toEqual({ subject: 'directory', event: 'directory.imported' });
  });

  it('has an event for every directory action in the catalogue', () => {
    for (const action of DIRECTORY_ACTIONS) expect(() => changeOf(action)).not.toThrow();
  });
});
