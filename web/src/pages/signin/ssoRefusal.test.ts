import { describe, expect, it } from 'vitest';
import { SSO_FAILURE_MESSAGES, SSO_FAILURES } from '../../../../src/features/sso/rules.ts';
import { ssoRefusal } from './ssoRefusal.ts';

describe('why a hospital sign-in came back', () => {
  it('has a title and the server’s sentence for every code', () => {
    for (const code of SSO_FAILURES) {
      expect(ssoRefusal(code)).toEqual({ title: expect.any(String), detail: SSO_FAILURE_MESSAGES[code] });
    }
  });

  it('says nothing without a code, and the general refusal for an unknown one', () => {
    expect(ssoRefusal(undefined)).toBeUndefined();
    expect(ssoRefusal('<script>')?.detail).toBe(SSO_FAILURE_MESSAGES.rejected);
  });
});
