// The integration forms refuse what the server would refuse, in the words of the form's own fields.
import { describe, expect, it } from 'vitest';
import { integrationBody, integrationTokenBody } from '../../../../src/platform/auth/integration-schemas.ts';
import { schemaErrors } from '../../forms/schemaErrors.ts';
import { INTEGRATION_WORDING, TOKEN_WORDING, tokenRequest } from './integrationForms.ts';

describe('adding an integration', () => {
  it('names each field as the form does', () => {
    const errors = schemaErrors(
      integrationBody,
      { username: 'p', displayName: ' ', purpose: 'x'.repeat(502) },
      INTEGRATION_WORDING,
    );
    expect(errors).toEqual({
      username: 'Account name is too short (at least 2 characters)',
      displayName: 'Name shown is required',
      purpose: 'Purpose is too long (at most 500 characters): please remove 2 characters',
    });
    expect(
      schemaErrors(
        integrationBody,
        { username: 'pbx one', displayName: 'Phone', purpose: 'Calls' },
        INTEGRATION_WORDING,
      ),
    ).toEqual({ username: 'Account name letters, digits and . _ @ - only' });
  });
});

describe('issuing a token', () => {
  it('sends the days chosen, or none for a token that never expires', () => {
    expect(tokenRequest({ name: 'Asterisk cluster A', expiry: '365' })).toEqual({
      name: 'Asterisk cluster A',
      expiresInDays: 365,
    });
    expect(tokenRequest({ name: 'Asterisk cluster A', expiry: 'never' }).expiresInDays).toBeNull();
    expect(schemaErrors(integrationTokenBody, tokenRequest({ name: 'Node B', expiry: '90' }), TOKEN_WORDING)).toEqual(
      {},
    );
  });

  it('refuses an over-long token name under its field, saying how much to remove', () => {
    expect(
      schemaErrors(integrationTokenBody, tokenRequest({ name: 'n'.repeat(103), expiry: '30' }), TOKEN_WORDING),
    ).toEqual({ name: 'Token name is too long (at most 100 characters): please remove 3 characters' });
  });
});
