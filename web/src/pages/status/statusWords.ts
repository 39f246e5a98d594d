// The words of the status page and the incident banners, kept pure so they are tested without a browser.
import type { PublicIncidentView, StatusPageView } from '../../../../src/features/incident-comms/schemas.ts';

const timeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string) => timeFormat.format(new Date(iso));

export const OVERALL_WORDS: Record<StatusPageView['overall'], { title: string; color: string }> = {
  operational: { title: 'All systems are working normally', color: 'green' },
  planned_downtime: { title: 'Planned downtime coming up', color: 'blue' },
  disruption: { title: 'Some systems are not working normally', color: 'red' },
};

const STATE_WORDS: Record<PublicIncidentView['state'], string> = {
  scheduled: 'Planned',
  declared: 'Ongoing',
  monitoring: 'Recovering: being watched',
  resolved: 'Resolved',
  closed: 'Resolved',
};
export const stateWords = (s: PublicIncidentView['state']) => STATE_WORDS[s];

/** "Affects EHR, Pharmacy at Main Campus" — or everything when nothing narrower was named. */
export function affects(i: Pick<PublicIncidentView, 'applications' | 'facilities'>): string {
  const what = i.applications.length ? i.applications.join(', ') : 'several systems';
  const where = i.facilities.length ? ` at ${i.facilities.join(', ')}` : ' at every facility';
  return `Affects ${what}${where}`;
}

/** The line under a banner or a status card: when it started or starts, and when the next update comes. */
export function timing(i: PublicIncidentView, now = Date.now()): string {
  if (i.state === 'scheduled' && i.scheduledStart) {
    const end = i.scheduledEnd ? `, expected to end ${when(i.scheduledEnd)}` : '';
    return `Planned downtime starts at ${when(i.scheduledStart)}${end}.`;
  }
  if (i.resolvedAt) return `Resolved ${when(i.resolvedAt)}.`;
  const parts: string[] = [];
  if (i.startedAt) parts.push(`Started ${when(i.startedAt)}.`);
  if (i.nextUpdateAt) {
    const late = new Date(i.nextUpdateAt).getTime() < now;
    parts.push(late ? `Next update was due ${when(i.nextUpdateAt)}.` : `Next update by ${when(i.nextUpdateAt)}.`);
  }
  return parts.join(' ');
}
