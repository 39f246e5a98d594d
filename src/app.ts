// The application, composed at the top: every feature's routes and jobs, in the order they are registered.
// The platform (src/platform) knows no feature; main.ts hands this list to buildApp and startJobs.
import { isEmpty, seedDemo } from './demo/seed.ts';
import { directoryRoutes } from './features/directory/routes.ts';
import { personOfUser } from './features/directory/service.ts';
import { directorySyncJob } from './features/directory-sync/jobs.ts';
import { directorySyncRoutes } from './features/directory-sync/routes.ts';
import { directoryAuthority } from './features/directory-sync/service.ts';
import { ebondingRoutes } from './features/ebonding/routes.ts';
import { imapPoller } from './features/email/imap-poller.ts';
import { emailIntakeJob, emailRetentionJob } from './features/email/jobs.ts';
import { emailRoutes } from './features/email/routes.ts';
import { smtpListener } from './features/email/smtp-listener.ts';
import { goLiveRoutes } from './features/golive/routes.ts';
import { plannedNoticeJob, statusThrottleSweepJob, updateReminderJob } from './features/incident-comms/jobs.ts';
import { incidentCommsRoutes } from './features/incident-comms/routes.ts';
import { incidentFanOutJob } from './features/incidents/jobs.ts';
import { incidentRoutes } from './features/incidents/routes.ts';
import { knowledgeRoutes } from './features/knowledge/routes.ts';
import { notificationQueueJob, notificationRetentionJob, notificationSendJob } from './features/notifications/jobs.ts';
import { notificationRoutes } from './features/notifications/routes.ts';
import { reportJobs } from './features/reports/refresh.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { routingJob } from './features/routing/jobs.ts';
import { routingRoutes } from './features/routing/routes.ts';
import { slaSweep } from './features/sla/jobs.ts';
import { slaRoutes } from './features/sla/routes.ts';
import { ssoCleanupJob } from './features/sso/jobs.ts';
import { ssoRoutes } from './features/sso/routes.ts';
import { samlRoutes } from './features/sso/saml-routes.ts';
import { surveyInvitationJob } from './features/surveys/jobs.ts';
import { surveyRoutes } from './features/surveys/routes.ts';
import { phiScan } from './features/tickets/jobs.ts';
import { ticketRoutes } from './features/tickets/routes.ts';
import { ticketActivityRoutes } from './features/tickets/routes-activity.ts';
import { savedViewRoutes } from './features/tickets/saved-views.ts';
import { verificationRoutes } from './features/verification/routes.ts';
import { webhookQueueJob, webhookRetentionJob, webhookSendJob } from './features/webhooks/jobs.ts';
import { webhookRoutes } from './features/webhooks/routes.ts';
import type { Composition, Feature } from './platform/features.ts';

export const FEATURES: Feature[] = [
  { name: 'directory', routes: [directoryRoutes] },
  // Single sign-on through the hospital's identity providers (OpenID Connect; docs/identity.md).
  { name: 'sso', routes: [ssoRoutes, samlRoutes], jobs: [ssoCleanupJob] },
  // LDAP / Active Directory: sign-in with directory passwords and the scheduled sync (docs/identity.md).
  {
    name: 'directory-sync',
    routes: [directorySyncRoutes],
    jobs: [directorySyncJob],
    passwordAuthorities: [directoryAuthority],
  },
  { name: 'tickets', routes: [savedViewRoutes, ticketRoutes, ticketActivityRoutes], jobs: [phiScan] },
  { name: 'knowledge', routes: [knowledgeRoutes] },
  { name: 'sla', routes: [slaRoutes], jobs: [slaSweep] },
  { name: 'routing', routes: [routingRoutes], jobs: [routingJob] },
  { name: 'reports', routes: [reportRoutes], jobs: reportJobs },
  // The survey invitations are an outbox consumer (a job that keeps its own position).
  { name: 'surveys', routes: [surveyRoutes], jobs: [surveyInvitationJob] },
  // Email in: the SMTP listener (when configured) stores each message, the job processes what is still pending.
  {
    name: 'email',
    routes: [emailRoutes],
    jobs: [emailIntakeJob, emailRetentionJob],
    listeners: [smtpListener, imapPoller],
  },
  // The go-live command center: events, zones, roster, ATE intake, board, known issues, roll-ups (docs/golive.md).
  { name: 'golive', routes: [goLiveRoutes] },
  // Caller verification before any credential change (docs/verification.md).
  { name: 'verification', routes: [verificationRoutes] },
  // Major incidents and declared EHR downtime: children attach themselves (docs/incidents.md).
  { name: 'incidents', routes: [incidentRoutes], jobs: [incidentFanOutJob] },
  // Notifications: an outbox consumer that queues deliveries, and the sender that drains the queue.
  {
    name: 'notifications',
    routes: [notificationRoutes],
    jobs: [notificationQueueJob, notificationSendJob, notificationRetentionJob],
  },
  // Outbound webhooks: an outbox consumer that makes deliveries, and the signed sender (docs/webhooks.md).
  { name: 'webhooks', routes: [webhookRoutes], jobs: [webhookQueueJob, webhookSendJob, webhookRetentionJob] },
  // E-bonding: a provider's ticketing system updates the vendor cases of its tickets (docs/vendors.md).
  { name: 'ebonding', routes: [ebondingRoutes] },
  // Incident communications: the public status page, banners, the commander's timed updates and their reminders.
  {
    name: 'incident-comms',
    routes: [incidentCommsRoutes],
    jobs: [updateReminderJob, plannedNoticeJob, statusThrottleSweepJob],
  },
];

export const CLINIDESK: Composition = {
  features: FEATURES,
  providerOrgOf: async (database, userId) => (await personOfUser(database.db, userId))?.providerOrgId ?? null,
  demo: { isEmpty, seed: seedDemo },
};
