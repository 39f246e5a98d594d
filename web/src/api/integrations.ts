// Integration accounts (the phone system) and their API tokens. Shapes come from src/platform/auth/integration-schemas.ts.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type IntegrationBody,
  type IntegrationTokenBody,
  integrationView,
  issuedTokenView,
} from '../../../src/platform/auth/integration-schemas.ts';
import { apiRequest } from './client.ts';

export type { IntegrationTokenView, IntegrationView } from '../../../src/platform/auth/integration-schemas.ts';

export const integrationKeys = { all: ['integrations'] as const };

export const integrationsQuery = queryOptions({
  queryKey: integrationKeys.all,
  queryFn: () => apiRequest('GET', '/api/v1/integrations', { schema: z.array(integrationView) }),
});

export const createIntegration = (body: IntegrationBody) =>
  apiRequest('POST', '/api/v1/integrations', { body, schema: integrationView });
export const issueIntegrationToken = (integrationId: string, body: IntegrationTokenBody) =>
  apiRequest('POST', `/api/v1/integrations/${integrationId}/tokens`, { body, schema: issuedTokenView });
export const revokeIntegrationToken = (integrationId: string, tokenId: string) =>
  apiRequest('DELETE', `/api/v1/integrations/${integrationId}/tokens/${tokenId}`);
