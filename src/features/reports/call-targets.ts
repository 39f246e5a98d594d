// Each phone line's answer-time target, from the routing settings: the phone report counts "answered within target"
// with them, and the phone rollup records which targets it counted with.
import type { Queryable } from '../../platform/db/connect.ts';
import { LINES } from '../routing/rules/route.ts';
import { loadRoutingConfig } from '../routing/service/settings.ts';
import type { CallTargets } from './calls-store.ts';

/** Each line's answer-time target (ms). */
export async function callTargets(db: Queryable): Promise<CallTargets> {
  const config = await loadRoutingConfig(db);
  return Object.fromEntries(LINES.map((line) => [line, config.lines[line].targetMs])) as CallTargets;
}
