import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseRecoveryCode, RECOVERY_ALPHABET, recoveryCodeFrom, secondStepFor, totpCodeOf } from './mfa-rules.ts';
import { ROLES } from './roles.ts';

const input = fc.record({
  role: fc.constantFrom(...ROLES),
  hasPassword: fc.boolean(),
  mfaConfirmed: fc.boolean(),
  exemptReason: fc.option(fc.constant('demo account'), { nil: null }),
  requiredForAdmins: fc.boolean(),
});

describe('second sign-in step', () => {
  it('sends the break-glass administrator without an authenticator to set one up', () => {
    expect(
      secondStepFor({
        role: 'admin',
        hasPassword: true,
        mfaConfirmed: false,
        exemptReason: null,
        requiredForAdmins: true,
      }),
    ).toBe('enrol');
  });

  it('lets the demo hospital’s administrator in without one', () => {
    expect(
      secondStepFor({
        role: 'admin',
        hasPassword: true,
        mfaConfirmed: false,
        exemptReason: 'demo account',
        requiredForAdmins: true,
      }),
    ).toBe('none');
  });

  it('asks for a code from everyone with a confirmed authenticator, and never from single sign-on accounts', () => {
    fc.assert(
      fc.property(input, (i) => {
        const step = secondStepFor(i);
        if (!i.hasPassword) expect(step).toBe('none');
        else if (i.mfaConfirmed) expect(step).toBe('code');
        else expect(step).toBe(i.role === 'admin' && i.requiredForAdmins && i.exemptReason === null ? 'enrol' : 'none');
      }),
    );
  });
});

describe('codes', () => {
  it('reads six digits with spaces and refuses anything else', () => {
    expect(totpCodeOf(' 123 456 ')).toBe('123456');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const code = totpCodeOf(s);
        if (code !== null) expect(code).toMatch(/^\d{6}$/);
      }),
    );
  });

  it('makes recovery codes that read back as themselves, however they are typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (bytes, lower) => {
        const code = recoveryCodeFrom(bytes);
        fc.pre(code !== '');
        expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
        const typed = lower ? code.toLowerCase().replace('-', ' ') : code;
        expect(normaliseRecoveryCode(typed)).toBe(code.replace('-', ''));
      }),
    );
  });

  it('refuses recovery codes with letters outside the alphabet or the wrong length', () => {
    expect(normaliseRecoveryCode('ACDEF-GHJK')).toBeNull();
    expect(normaliseRecoveryCode('ACDEF-GHJK0')).toBeNull();
    expect(normaliseRecoveryCode('acdef ghjkm')).toBe('ACDEFGHJKM');
    expect([...RECOVERY_ALPHABET].every((c) => normaliseRecoveryCode(c.repeat(10)) === c.repeat(10))).toBe(true);
  });
});
