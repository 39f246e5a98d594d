// How the go-live command center is named on screen: categories, roles on the roster, ticket states and times.
import type { RollupDimension, ShiftRole } from '../../../../src/features/golive/rules.ts';

import { formatArticleNumber } from '../../../../src/features/knowledge/rules/vocabulary.ts';
import type { Status } from '../../../../src/features/tickets/rules/vocabulary.ts';
import { STATUS_LABELS } from '../../components/ticketWords.ts';

export { CATEGORY_LABELS } from '../../../../src/features/golive/rules.ts';

export const ROLE_WORDS: Record<ShiftRole, string> = {
  at_the_elbow: 'At the elbow',
  super_user: 'Super-user',
  command_center: 'Command center',
  zone_leader: 'Zone leader',
};

export const DIMENSION_WORDS: Record<RollupDimension, string> = {
  zone: 'Zone',
  category: 'Category',
  application: 'Application',
};

export function statusWords(status: string): string {
  return STATUS_LABELS[status as Status] ?? status.replaceAll('_', ' ');
}

/** "Mon 13 Jul, 07:00" on the go-live's clock (its time zone) when given, as the server's messages say it. */
export function when(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function hourOf(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { timeZone, hour: '2-digit', minute: '2-digit' });
}

/** The tip sheet's address in Knowledge (the page opens the article named after #). */
export function tipSheetHref(article: number): string {
  return `/knowledge#${formatArticleNumber(article)}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
