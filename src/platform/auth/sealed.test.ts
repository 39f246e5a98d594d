import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seal, unseal } from './sealed.ts';

const KEY = 'a-key-of-at-least-thirty-two-characters!';

describe('sealed secrets', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (secret) => {
        const sealed = seal(KEY, secret);
        expect(unseal(KEY, sealed)).toBe(secret);
        if (secret.length > 3) expect(sealed).not.toContain(secret);
      }),
    );
  });

  it('seals the same secret differently each time (random IV)', () => {
    expect(seal(KEY, 'client-secret')).not.toBe(seal(KEY, 'client-secret'));
  });

  it('refuses another key and any altered byte', () => {
    const sealed = seal(KEY, 'client-secret');
    expect(unseal(`${KEY}x`, sealed)).toBeNull();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(unseal(KEY, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toBeNull();
    expect(unseal(KEY, 'not sealed')).toBeNull();
  });
});
