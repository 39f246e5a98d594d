// SLA calendars and policies (admin). Shapes come from src/features/sla/schemas.ts.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type CalendarInput,
  type CalendarPatch,
  calendarView,
  closuresImportView,
  type PolicyInput,
  type PolicyPatch,
  policyView,
} from '../../../src/features/sla/schemas.ts';
import { apiRequest } from './client.ts';

export type CalendarView = z.infer<typeof calendarView>;
export type PolicyView = z.infer<typeof policyView>;

export const slaKeys = {
  calendars: ['sla', 'calendars'] as const,
  policies: ['sla', 'policies'] as const,
};

export const slaCalendarsQuery = queryOptions({
  queryKey: slaKeys.calendars,
  queryFn: () => apiRequest('GET', '/api/v1/sla/calendars', { schema: z.array(calendarView) }),
});
export const slaPoliciesQuery = queryOptions({
  queryKey: slaKeys.policies,
  queryFn: () => apiRequest('GET', '/api/v1/sla/policies', { schema: z.array(policyView) }),
});

export const createCalendar = (body: CalendarInput) =>
  apiRequest('POST', '/api/v1/sla/calendars', { body, schema: calendarView });
export const updateCalendar = (id: string, body: CalendarPatch) =>
  apiRequest('PATCH', `/api/v1/sla/calendars/${id}`, { body, schema: calendarView });
export const importClosures = (id: string, body: { format: 'csv' | 'ical'; content: string; version: number }) =>
  apiRequest('POST', `/api/v1/sla/calendars/${id}/closures/import`, { body, schema: closuresImportView });
export const createPolicy = (body: PolicyInput) =>
  apiRequest('POST', '/api/v1/sla/policies', { body, schema: policyView });
export const updatePolicy = (id: string, body: PolicyPatch) =>
  apiRequest('PATCH', `/api/v1/sla/policies/${id}`, { body, schema: policyView });
