// Who is making a request, and from where. Passed to services so they can audit and scope what they do.
import type { Role } from './auth/roles.ts';

export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  via: 'session' | 'token' | 'system';
  sessionIdHash?: string;
  csrfToken?: string;
};

export type RequestMeta = { actor: Actor | null; ip: string | null; requestId: string | null };
/** A request's meta with its caller: what a use case that needs one takes (a guarded route's `request.actorMeta`). */
export type ActorMeta = RequestMeta & { actor: Actor };

export const SYSTEM_META: ActorMeta = {
  actor: {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: 'Clinidesk',
    role: 'admin',
    via: 'system',
  },
  ip: null,
  requestId: null,
};

export function cliMeta(): ActorMeta {
  return { ...SYSTEM_META, actor: { ...SYSTEM_META.actor, username: 'cli', displayName: 'Command line' } };
}
