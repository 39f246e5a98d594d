// The demo hospital's sign-in accounts, one per role, all with the same published password.
// Created only into an empty database (npm start on first run, or `clinidesk seed --demo`).
import type { Role } from '../platform/auth/roles.ts';

export const DEMO_PASSWORD = 'clinidesk-demo';
/** Why the demo's administrators need no second sign-in step (users.mfa_exempt_reason). */
export const DEMO_MFA_EXEMPTION = 'demo account: its password is published';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; email: string }[] = [
  { username: 'admin', displayName: 'Avery Admin', role: 'admin', email: 'avery.admin@stmarys.example' },
  { username: 'agent', displayName: 'Jordan Reyes', role: 'agent', email: 'jordan.reyes@stmarys.example' },
  { username: 'analyst', displayName: 'Priya Natarajan', role: 'analyst', email: 'priya.natarajan@stmarys.example' },
  { username: 'engineer', displayName: 'Marcus Feld', role: 'engineer', email: 'marcus.feld@stmarys.example' },
  { username: 'manager', displayName: 'Dana Whitfield', role: 'manager', email: 'dana.whitfield@stmarys.example' },
  { username: 'vendor', displayName: 'Lee Okafor (EHR vendor)', role: 'vendor', email: 'lee.okafor@ehrvendor.example' },
  { username: 'nurse', displayName: 'Rosa Delgado, RN', role: 'requester', email: 'rosa.delgado@stmarys.example' },
  { username: 'doctor', displayName: 'Dr. Samuel Osei', role: 'requester', email: 'samuel.osei@stmarys.example' },
];
