// Another place a password can be checked than the account's own hash: the hospital directory (LDAP / Active
// Directory, features/directory-sync). The platform knows none by name; the composition hands them to buildApp.
import type { RequestMeta } from '../actor.ts';
import type { AppContext } from '../context.ts';
import type { UserRow } from './store.ts';

export type PasswordCheck =
  /** The password is right and the account (created or updated by the authority, audited) may sign in. */
  | { outcome: 'signed-in'; user: UserRow }
  /** A wrong password or an unknown name: counted as a failed sign-in, told as one. */
  | { outcome: 'bad-credentials'; reason: string }
  /** The password is right but the person has no access; `message` tells them why, in plain words. */
  | { outcome: 'refused'; reason: string; message: string }
  /** The authority does not answer; `message` says so in plain words. */
  | { outcome: 'unavailable'; reason: string; message: string };

export type PasswordAuthority = {
  /** Written in the audit trail as the sign-in's `via`. */
  name: string;
  /**
   * Asked when no local account with a password has the username. Null: the authority is switched off or not
   * configured, so the sign-in goes on as a local one.
   */
  check(ctx: AppContext, meta: RequestMeta, username: string, password: string): Promise<PasswordCheck | null>;
};
