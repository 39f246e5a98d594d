// A provider's e-bonding connection (its ticketing system updating vendor cases): on or off, its state mapping, its
// account and tokens. Shapes come from src/features/ebonding/schemas.ts; docs/integrations/ebonding.md.
import { queryOptions } from '@tanstack/react-query';
import { type ConnectionBody, connectionView } from '../../../src/features/ebonding/schemas.ts';
import { type IntegrationTokenBody, issuedTokenView } from '../../../src/platform/auth/integration-schemas.ts';
import { apiRequest } from './client.ts';

export type { ConnectionBody, ConnectionView } from '../../../src/features/ebonding/schemas.ts';

export const ebondingKeys = {
  all: ['ebonding'] as const,
  of: (providerId: string) => ['ebonding', providerId] as const,
};

export const connectionQuery = (providerId: string) =>
  queryOptions({
    queryKey: ebondingKeys.of(providerId),
    queryFn: () => apiRequest('GET', `/api/v1/providers/${providerId}/ebonding`, { schema: connectionView }),
  });

export const saveConnection = (providerId: string, body: ConnectionBody) =>
  apiRequest('PUT', `/api/v1/providers/${providerId}/ebonding`, { body, schema: connectionView });
export const issueConnectionToken = (providerId: string, body: IntegrationTokenBody) =>
  apiRequest('POST', `/api/v1/providers/${providerId}/ebonding/tokens`, { body, schema: issuedTokenView });
export const revokeConnectionToken = (providerId: string, tokenId: string) =>
  apiRequest('DELETE', `/api/v1/providers/${providerId}/ebonding/tokens/${tokenId}`);
