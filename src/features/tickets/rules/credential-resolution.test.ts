import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_KINDS } from '../../verification/rules/vocabulary.ts';
import { credentialChangeOf, credentialResolutionRefusal } from './credential-resolution.ts';
import { RESOLUTION_CODES } from './vocabulary.ts';

describe('credential resolution codes', () => {
  it('claim a change only for a password reset and an account unlock', () => {
    expect(RESOLUTION_CODES.filter((c) => credentialChangeOf(c) !== null)).toEqual([
      'password_reset',
      'account_unlocked',
    ]);
    expect(credentialChangeOf('account_unlocked')).toBe('account_unlock');
  });

  it('are refused exactly when the change they claim is not recorded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RESOLUTION_CODES),
        fc.subarray([...REQUEST_KINDS]),
        fc.boolean(),
        (code, recorded, onOpen) => {
          const change = credentialChangeOf(code);
          const refusal = credentialResolutionRefusal(code, recorded, onOpen);
          expect(refusal === null).toBe(change === null || recorded.includes(change));
        },
      ),
    );
  });

  it('tell the agent what to do, on opening and on an open ticket', () => {
    expect(credentialResolutionRefusal('password_reset', [], true)).toMatch(/create the ticket without resolving it/);
    expect(credentialResolutionRefusal('account_unlocked', ['password_reset'], false)).toMatch(
      /^An account unlock is resolved only after .* Identity check panel/,
    );
  });
});
