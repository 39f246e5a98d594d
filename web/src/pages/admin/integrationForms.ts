// What the integration forms send and how their problems are worded: checked first by the server's own schemas
// (integrationBody, integrationTokenBody), with the form's names for the fields. Pure, tested without a browser.
import type { IntegrationTokenBody } from '../../../../src/platform/auth/integration-schemas.ts';
import type { Wording } from '../../forms/schemaErrors.ts';

export const INTEGRATION_WORDING: Wording = {
  labels: { username: 'Account name', displayName: 'Name shown', purpose: 'Purpose' },
};

/** How long a new token works: a number of days as the picker offers them, or never. */
export type TokenValues = { name: string; expiry: string };

export function tokenRequest({ name, expiry }: TokenValues): IntegrationTokenBody {
  return { name, expiresInDays: expiry === 'never' ? null : Number(expiry) };
}

export const TOKEN_WORDING: Wording = {
  fields: { expiresInDays: 'expiry' },
  labels: { name: 'Token name', expiresInDays: 'Expires after' },
};
