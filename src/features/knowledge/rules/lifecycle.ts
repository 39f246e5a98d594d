// The article lifecycle: draft → in review → published → retired. Who may take which step is decided here (pure).
// Writers (knowledge:write) draft, edit drafts and submit them; reviewers (knowledge:publish) approve, send back and
// retire. A reviewer may not approve a version they wrote themselves (four eyes), except an administrator.
import type { Permission, Role } from '../../../platform/auth/roles.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { ArticleStatus } from './vocabulary.ts';

export const ACTIONS = ['submit', 'approve', 'reject', 'retire', 'revise', 'restore'] as const;
export type LifecycleAction = (typeof ACTIONS)[number];

type Step = { from: ArticleStatus; to: ArticleStatus; needs: Permission };
export const STEPS: Record<LifecycleAction, Step> = {
  submit: { from: 'draft', to: 'in_review', needs: 'knowledge:write' },
  approve: { from: 'in_review', to: 'published', needs: 'knowledge:publish' },
  reject: { from: 'in_review', to: 'draft', needs: 'knowledge:publish' },
  retire: { from: 'published', to: 'retired', needs: 'knowledge:publish' },
  // A published article stays published while it is revised: the revision is a draft copy of its own, and approving
  // that copy replaces the published content (a new version of the original). So `to` is the original's status.
  revise: { from: 'published', to: 'published', needs: 'knowledge:write' },
  restore: { from: 'retired', to: 'draft', needs: 'knowledge:write' },
};

export type TransitionInput = {
  action: LifecycleAction;
  status: ArticleStatus;
  role: Role;
  actorId: string;
  /** Who wrote the current version (approval needs another person). */
  versionAuthorId: string | null;
  note?: string | undefined;
};

export type TransitionResult =
  | { ok: true; to: ArticleStatus; approves: boolean }
  | { ok: false; status: 403 | 409 | 400; reason: string };

export function transition(i: TransitionInput): TransitionResult {
  const step = STEPS[i.action];
  if (!can(i.role, step.needs)) return { ok: false, status: 403, reason: `Your role may not ${i.action} articles.` };
  if (i.status !== step.from)
    return {
      ok: false,
      status: 409,
      reason: `Only a ${label(step.from)} article can be ${past(i.action)}; this one is ${label(i.status)}.`,
    };
  if (i.action === 'approve' && i.versionAuthorId === i.actorId && i.role !== 'admin')
    return { ok: false, status: 403, reason: 'Another reviewer must approve a version you wrote.' };
  if (i.action === 'reject' && !(i.note ?? '').trim())
    return { ok: false, status: 400, reason: 'Say what needs to change when sending an article back.' };
  return { ok: true, to: step.to, approves: i.action === 'approve' };
}

/** The steps this role may take from a status (for the screens' buttons). */
export function actionsFor(status: ArticleStatus, role: Role): LifecycleAction[] {
  return ACTIONS.filter((a) => STEPS[a].from === status && can(role, STEPS[a].needs));
}

/** Only drafts are edited; a published article is revised first. */
export function editable(status: ArticleStatus): boolean {
  return status === 'draft';
}

const label = (s: ArticleStatus) => s.replace('_', ' ');
const past = (a: LifecycleAction) =>
  ({
    submit: 'submitted',
    approve: 'approved',
    reject: 'sent back',
    retire: 'retired',
    revise: 'revised',
    restore: 'restored',
  })[a];

/** Review is due on or before `today` (ISO dates compare as strings). */
export function reviewOverdue(reviewDue: string | null, today: string): boolean {
  return reviewDue !== null && reviewDue <= today;
}
