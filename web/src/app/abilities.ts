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
  /** See the go-live command center: board, roster, roll-ups and huddle report; check in and out of one's shifts. */
  readGoLive: boolean;
  /** Log an issue at the elbow from a phone (the intake) and resolve it on the spot. */
  logGoLiveIssues: boolean;
  /** Mark a go-live issue as a duplicate of another. */
  markGoLiveDuplicates: boolean;
  /** Change the roster (add and remove shifts, check anyone in) and broadcast known issues. */
  manageGoLive: boolean;
};

export const NO_ABILITIES: Abilities = {
  openTicketsForOthers: false,
  askForHelp: false,
  workTickets: false,
  assignToSelf: false,
  verifyCallers: false,
  readIncidents: false,
  manageIncidents: false,
  readGoLive: false,
  logGoLiveIssues: false,
  markGoLiveDuplicates: false,
  manageGoLive: false,
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
    readGoLive: can(role, 'golive:read'),
    // The intake reads the go-live's zones and units (golive:read) and opens the ticket (tickets:create).
    logGoLiveIssues: can(role, 'golive:read') && can(role, 'tickets:create'),
    markGoLiveDuplicates: can(role, 'golive:read') && can(role, 'tickets:work'),
    manageGoLive: can(role, 'golive:manage'),
  };
}
