// Which SLA notifications are due, given what has already been announced. Pure. Each clock announces "at risk"
// once and "breached" once; a sweep that comes late (the server was down) announces only the breach. A flag is
// cleared when its condition no longer holds (priority lowered, policy changed), so a later return is announced.
import type { SlaClocks } from './clock.ts';

export type ClockName = 'response' | 'resolution';
export type Flags = Record<`${ClockName}AtRisk` | `${ClockName}Breach`, boolean>;
export type Announcement = { clock: ClockName; kind: 'at_risk' | 'breached'; at: number };

export const NO_FLAGS: Flags = {
  responseAtRisk: false,
  responseBreach: false,
  resolutionAtRisk: false,
  resolutionBreach: false,
};

export function announcements(flags: Flags, clocks: Pick<SlaClocks, ClockName>): { due: Announcement[]; flags: Flags } {
  const next: Flags = { ...flags };
  const due: Announcement[] = [];
  for (const name of ['response', 'resolution'] as const) {
    const c = clocks[name];
    if (c.breached) {
      if (!flags[`${name}Breach`]) due.push({ clock: name, kind: 'breached', at: c.breachedAt ?? c.elapsedMs });
      next[`${name}Breach`] = true;
      next[`${name}AtRisk`] = true; // a breach supersedes the warning it would have had
      continue;
    }
    next[`${name}Breach`] = false;
    if (c.atRisk) {
      if (!flags[`${name}AtRisk`]) due.push({ clock: name, kind: 'at_risk', at: c.atRiskAt ?? 0 });
      next[`${name}AtRisk`] = true;
    } else if (c.state !== 'stopped') next[`${name}AtRisk`] = false;
  }
  return { due, flags: next };
}
