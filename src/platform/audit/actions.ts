// Every action the audit trail records, in one catalogue (as Documenso keeps its audit log types): `recordAudit`
// accepts only these, so a typo or a new action nobody listed fails type-checking, and one file answers "what can
// the trail say?". The platform holds the strings and imports no feature; each group names who records it.
// Entries already written keep whatever action they were written with: reading the trail stays plain text.

/** Sign-in, accounts, tokens, access control and the trail itself (src/platform). */
const PLATFORM_ACTIONS = [
  'access.denied',
  'auth.login',
  'auth.logout',
  // Two-step sign-in (auth/mfa-service.ts): the second step's outcome, set-up, turning off, an administrator's
  // reset, recovery codes issued and one used.
  'auth.mfa',
  'mfa.enrol',
  'mfa.disable',
  'mfa.reset',
  'mfa.recovery_codes',
  'mfa.recovery_code_used',
  'user.create',
  'user.disable',
  'user.enable',
  'integration.create',
  'token.create',
  'token.revoke',
  'audit.read',
  'audit.verify',
] as const;

/**
 * Directory changes (features/directory), each "<subject>.<verb>": the change is announced as the event
 * "<subject>.<past tense>" (directory/commit.ts), e.g. "facility.create" → "facility.created".
 */
export const DIRECTORY_ACTIONS = [
  'facility.create',
  'facility.update',
  'unit.create',
  'unit.update',
  'location.create',
  'location.update',
  'asset.create',
  'asset.update',
  'provider.create',
  'provider.update',
  'service.create',
  'service.update',
  'group.create',
  'group.update',
  'coverage.set',
  'coverage.delete',
  'skills.set',
  'person.create',
  'person.update',
  'setting.set',
  'directory.import',
] as const;

/** The ticket's use cases (features/tickets). */
const TICKET_ACTIONS = [
  'ticket.open',
  'ticket.view',
  'ticket.update',
  'ticket.comment',
  'ticket.escalate',
  'ticket.link',
  'ticket.attach',
  'ticket.confirm-fixed',
  'ticket.vendor-state',
  'ticket.reopen',
  'attachment.download',
  'saved-view.create',
  'saved-view.delete',
] as const;

/** SLA administration and breaches (features/sla). */
const SLA_ACTIONS = [
  'sla.calendar.create',
  'sla.calendar.update',
  'sla.calendar.import-closures',
  'sla.calendar.delete',
  'sla.policy.create',
  'sla.policy.update',
  'sla.policy.delete',
  'sla.breached',
] as const;

/** Calls, presence and routing settings (features/routing). */
const ROUTING_ACTIONS = [
  'cti.event',
  'contact.offer',
  'contact.requeue',
  'contact.ring_no_answer',
  'contact.view',
  'contact.link_ticket',
  'presence.set',
  'presence.timeout',
  'settings.routing',
] as const;

/** Articles: writing, the review lifecycle (knowledge.<lifecycle step>) and use (features/knowledge). */
const KNOWLEDGE_ACTIONS = [
  'knowledge.create',
  'knowledge.update',
  'knowledge.submit',
  'knowledge.approve',
  'knowledge.reject',
  'knowledge.retire',
  'knowledge.restore',
  'knowledge.revise',
  'knowledge.vote',
  'knowledge.use',
] as const;

/** Satisfaction surveys (features/surveys). */
const SURVEY_ACTIONS = [
  'survey.invite',
  'survey.answer',
  'survey.link_issue',
  'survey.recovery_open',
  'survey.pulse_run',
  'survey.pulse_links',
  'survey.settings',
  'survey_policy.create',
  'survey_policy.update',
  'survey_policy.delete',
] as const;

/** Email in (features/email): a message quarantined by the intake, a message refused for its sender (a vendor
 *  engineer or an integration account), an administrator's decision on it, and an agent confirming who an
 *  unverified sender is. */
const EMAIL_ACTIONS = [
  'email.quarantine',
  'email.sender_refused',
  'email.release',
  'email.discard',
  'email.sender_verify',
  'email.raw_purge',
] as const;
/** Notifications (features/notifications): settings, templates, preferences, resending a failed delivery. */
const NOTIFICATION_ACTIONS = [
  'notification.settings',
  'notification.template_update',
  'notification.template_reset',
  'notification.preferences',
  'notification.resend',
] as const;

/** Outbound webhooks (features/webhooks): subscriptions created, changed, deleted, their secret rotated, a delivery
 *  sent again by hand, a subscription switched off by the sender after sustained failure, and the retention job's
 *  run (deliveries past their period deleted: one entry per run, with the counts). */
const WEBHOOK_ACTIONS = [
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
  'webhook.redeliver',
  'webhook.disable',
  'webhook.retention_purge',
] as const;

/** Incident communications (features/incident-comms): an update posted by the commander (public text, internal
 *  note, next-update promise), a reminder that the promised update is due or overdue, and the recovery checklist
 *  (items created for units, one assigned, done or reopened), a planned-downtime notice sent (the job); the
 *  post-incident review started, changed (or completed), and its actions added, changed or done. */
const INCIDENT_COMMS_ACTIONS = [
  'incident_comms.update',
  'incident_comms.remind',
  'incident_comms.recovery',
  'incident_comms.notice',
  'incident_review.create',
  'incident_review.update',
  'incident_review.action',
] as const;

/**
 * Caller verification before credential changes (features/verification): a check started, each attempt (passed:
 * success, failed: failure, refused: denied), the credential change, a refused change, an alert, the policy, and
 * each read of the identity-check report (it names the staff whose accounts are watched).
 */
const VERIFICATION_ACTIONS = [
  'verification.start',
  'verification.attempt',
  'verification.change',
  'verification.alert',
  'verification.policy',
  'verification.report',
] as const;

/** Single sign-on (features/sso): sign-ins through an identity provider, accounts linked to a provider's, role
 *  changes the provider's groups made, sign-out, and administrators' changes to the providers. */
const SSO_ACTIONS = [
  'sso.login',
  'sso.link',
  'sso.role_change',
  'sso.logout',
  'identity_provider.create',
  'identity_provider.update',
  'identity_provider.delete',
] as const;

/** LDAP / Active Directory (features/directory-sync): accounts linked to a directory entry, role changes the
 *  directory's groups made, the connection's settings and test, and sync runs. Sign-ins with a directory password
 *  are `auth.login` with `via: ldap`. */
const DIRECTORY_SYNC_ACTIONS = [
  'ldap.link',
  'ldap.role_change',
  'directory_connection.update',
  'directory_connection.delete',
  'directory_connection.test',
  'directory_sync.run',
] as const;

/**
 * Major incidents and EHR downtime (features/incidents): declared, changed (fields or state), a decision on the
 * timeline, a child linked, unlinked or a suggestion dismissed, and the fan-out to the children when it resolves.
 */
const INCIDENT_ACTIONS = [
  'incident.declare',
  'incident.update',
  'incident.timeline',
  'incident.link',
  'incident.unlink',
  'incident.fan_out',
] as const;

/** The go-live command center (features/golive): the event and its zones, the roster's shifts and check-ins, an
 *  issue logged at the elbow (the ticket itself is `ticket.open`), known issues published and retired. */
const GOLIVE_ACTIONS = [
  'golive.create',
  'golive.update',
  'golive_zone.create',
  'golive_zone.update',
  'golive_zone.delete',
  'golive_shift.create',
  'golive_shift.delete',
  'golive_shift.check_in',
  'golive_shift.check_out',
  'golive.issue_log',
  'golive.known_issue_publish',
  'golive.known_issue_retire',
] as const;

/** E-bonding (features/ebonding): a provider's connection saved, and each update its system sent, accepted
 *  (applied, stale or duplicate) or refused. */
const EBONDING_ACTIONS = ['ebonding.connection', 'ebonding.update', 'ebonding.refused'] as const;

/** Reports (features/reports) and the demo hospital (features/demo). */
const OTHER_ACTIONS = ['report.export', 'demo.seed'] as const;

export const AUDIT_ACTIONS = [
  ...PLATFORM_ACTIONS,
  ...DIRECTORY_ACTIONS,
  ...TICKET_ACTIONS,
  ...SLA_ACTIONS,
  ...ROUTING_ACTIONS,
  ...KNOWLEDGE_ACTIONS,
  ...SURVEY_ACTIONS,
  ...EMAIL_ACTIONS,
  ...NOTIFICATION_ACTIONS,
  ...WEBHOOK_ACTIONS,
  ...EBONDING_ACTIONS,
  ...INCIDENT_COMMS_ACTIONS,
  ...VERIFICATION_ACTIONS,
  ...SSO_ACTIONS,
  ...DIRECTORY_SYNC_ACTIONS,
  ...INCIDENT_ACTIONS,
  ...GOLIVE_ACTIONS,
  ...OTHER_ACTIONS,
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type DirectoryAction = (typeof DIRECTORY_ACTIONS)[number];

/** How an attempt ended: done, refused by access control, or failed (a wrong password). */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
