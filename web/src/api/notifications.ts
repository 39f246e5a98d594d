// Notifications: one's own preferences, and the administrators' settings, templates and failed deliveries.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  deliveriesView,
  deliveryView,
  type PreferencesInput,
  preferencesView,
  type SettingsInput,
  settingsView,
  type TemplateInput,
  templatesView,
} from '../../../src/features/notifications/schemas.ts';
import { apiRequest } from './client.ts';

export type PreferencesView = z.infer<typeof preferencesView>;
export type NotificationSettingsView = z.infer<typeof settingsView>;
export type TemplatesView = z.infer<typeof templatesView>;
export type DeliveryView = z.infer<typeof deliveryView>;

export const notificationKeys = {
  mine: ['notifications', 'mine'] as const,
  settings: ['notifications', 'settings'] as const,
  templates: ['notifications', 'templates'] as const,
  failed: ['notifications', 'deliveries', 'failed'] as const,
};

export const myNotificationsQuery = queryOptions({
  queryKey: notificationKeys.mine,
  queryFn: () => apiRequest('GET', '/api/v1/me/notifications', { schema: preferencesView }),
});
export const saveMyNotifications = (body: PreferencesInput) =>
  apiRequest('PUT', '/api/v1/me/notifications', { body, schema: preferencesView });

export const notificationSettingsQuery = queryOptions({
  queryKey: notificationKeys.settings,
  queryFn: () => apiRequest('GET', '/api/v1/notifications/settings', { schema: settingsView }),
});
export const saveNotificationSettings = (body: SettingsInput) =>
  apiRequest('PUT', '/api/v1/notifications/settings', { body, schema: settingsView });

export const templatesQuery = queryOptions({
  queryKey: notificationKeys.templates,
  queryFn: () => apiRequest('GET', '/api/v1/notifications/templates', { schema: templatesView }),
});
export const saveTemplate = (kind: string, body: TemplateInput) =>
  apiRequest('PUT', `/api/v1/notifications/templates/${encodeURIComponent(kind)}`, { body, schema: templatesView });
export const resetTemplate = (kind: string) =>
  apiRequest('DELETE', `/api/v1/notifications/templates/${encodeURIComponent(kind)}`, { schema: templatesView });

export const failedDeliveriesQuery = queryOptions({
  queryKey: notificationKeys.failed,
  queryFn: () => apiRequest('GET', '/api/v1/notifications/deliveries?status=failed', { schema: deliveriesView }),
});
export const resendDelivery = (id: string) =>
  apiRequest('POST', `/api/v1/notifications/deliveries/${encodeURIComponent(id)}/resend`, { schema: deliveryView });
