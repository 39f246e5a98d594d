// The post-incident review's words on screen and on paper, kept pure so they are tested without a browser.
import { SAFER_DIMENSIONS, SAFER_LABELS } from '../../../../src/features/incident-comms/rules/review.ts';
import { phiKinds } from '../../../../src/features/privacy/rules.ts';
import { PHI_LABELS } from '../../components/ticketWords.ts';

export const SAFER_OPTIONS = SAFER_DIMENSIONS.map((value) => ({ value, label: SAFER_LABELS[value] }));

/** "5 h 20 min", "45 min", "2 h". */
export function durationWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The warning under a review's text field while what is typed looks like patient information (the server refuses it). */
export function reviewPhiHint(text: string): string | null {
  const kinds = phiKinds(text);
  if (kinds.length === 0) return null;
  const what = kinds.map((k) => PHI_LABELS[k] ?? k.replaceAll('_', ' ')).join(', ');
  return `This looks like patient information (${what}). A review names no patient: take it out, or it will be refused.`;
}

/** "2 of 4 actions done · 1 overdue". */
export function actionsWords(p: { total: number; done: number; overdue: number }): string {
  if (p.total === 0) return 'No actions yet';
  const overdue = p.overdue > 0 ? ` · ${p.overdue} overdue` : '';
  return `${p.done} of ${p.total} action${p.total === 1 ? '' : 's'} done${overdue}`;
}
