// What the signed-in person may do, decided by the server's own rules (the role's permissions in roles.ts and the
// tickets' field rules in policy.ts), so screens and shortcuts offer only actions the server will accept: a
// vendor engineer sees no "New ticket" and no "Assign to me". The server still decides; this only hides what it
// would refuse. Screens read it through useAbilities() (useAbilities.ts).
import { fieldsNotAllowed } from '../../../src/features/tickets/rules/policy.ts';
import { can, type Role } from '../../../src/platform/auth/roles.ts';

export type Abilities = {
  /** Open a ticket for someone at the desk's intake (requester, channel, priority overrides): the console's New ticket. */
  openTicketsForOthers: boolean;
  /** Ask for help for oneself (the portal's form). */
  askForHelp: boolean;
  /** Move tickets along: status, resolve, escalate or hand back, link, attach. */
  workTickets: boolean;
  /** Take a ticket: assign it to oneself. */
  assignToSelf: boolean;
  /** Check a caller's identity before a password, MFA, unlock or access change, and record the change. */
  verifyCallers: boolean;
  /** See major incidents and EHR downtimes with their internal timeline (Console → Major incidents). */
  readIncidents: boolean;
  /** Declare an incident, change it, record decisions, post updates, resolve it and its linked tickets. */
  manageIncidents: boolean;
};

export const NO_ABILITIES: Abilities = {
  openTicketsForOthers: false,
  askForHelp: false,
  workTickets: false,
  assignToSelf: false,
  verifyCallers: false,
  readIncidents: false,
  manageIncidents: false,
};

export function abilitiesOf(role: Role | undefined): Abilities {
  if (!role) return NO_ABILITIES;
  return {
    openTicketsForOthers: can(role, 'tickets:create') && fieldsNotAllowed(role, 'open', ['channel']).length === 0,
    askForHelp: can(role, 'tickets:create'),
    workTickets: can(role, 'tickets:work'),
    assignToSelf: can(role, 'tickets:work') && fieldsNotAllowed(role, 'update', ['version', 'assigneeId']).length === 0,
    verifyCallers: can(role, 'verification:perform'),
    readIncidents: can(role, 'incidents:read'),
    manageIncidents: can(role, 'incidents:manage'),
  };
}
