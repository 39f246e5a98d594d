// The hospital directory (LDAP / Active Directory) for administrators: the connection, its test, the sync's runs.
// Shapes come from the server's own schemas.
import { queryOptions } from '@tanstack/react-query';
import {
  type ConnectionBody,
  connectionTest,
  connectionView,
  directoryStatus,
  syncReport,
} from '../../../src/features/directory-sync/schemas.ts';
import { apiRequest } from './client.ts';

export const directoryKeys = { all: ['directory-connection'] as const };

export const directoryStatusQuery = queryOptions({
  queryKey: directoryKeys.all,
  queryFn: () => apiRequest('GET', '/api/v1/directory-connection', { schema: directoryStatus }),
});

export const saveDirectoryConnection = (body: ConnectionBody) =>
  apiRequest('PUT', '/api/v1/directory-connection', { body, schema: connectionView });
export const testDirectoryConnection = () =>
  apiRequest('POST', '/api/v1/directory-connection/test', { body: {}, schema: connectionTest });
export const runDirectorySync = (dryRun: boolean) =>
  apiRequest('POST', '/api/v1/directory-sync/runs', { body: { dryRun }, schema: syncReport });
