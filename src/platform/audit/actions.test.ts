import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from './actions.ts';

describe('the catalogue of audit actions', () => {
  it('lists each action once, each "<subject>.<verb>" in lower case', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z_-]+(\.[a-z_-]+)+$/);
  });

  it('refuses, at type-checking, an action nobody catalogued', () => {
    // @ts-expect-error: not in the catalogue (tsc fails here if the catalogue ever accepts any string)
    const uncatalogued: AuditAction = 'ticket.delete';
    const catalogued: AuditAction = 'ticket.open';
    expect(AUDIT_ACTIONS).not.toContain(uncatalogued);
    expect(AUDIT_ACTIONS).toContain(catalogued);
  });
});
